package dev.ublklab.sim;

import dev.ublklab.model.Errno;
import dev.ublklab.model.Event;
import dev.ublklab.model.Fact;
import dev.ublklab.model.Facts;
import dev.ublklab.model.Setup;
import java.lang.reflect.RecordComponent;

/** One readable line per step: "12. issue q0 tag1 w1 sqe=COMMIT_AND_FETCH_REQ result=4096". */
public final class StepFormat {
    private StepFormat() {}

    public static String line(Setup setup, int seq, Event e, Facts facts) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(java.util.Locale.ROOT, "%4d. %s", seq, e.type()));
        for (RecordComponent rc : e.getClass().getRecordComponents()) {
            int v;
            try {
                v = (int) rc.getAccessor().invoke(e);
            } catch (ReflectiveOperationException x) {
                throw new IllegalStateException(x);
            }
            switch (rc.getName()) {
                case "fault" -> { }   // an injected fault: the step's fault fact says it in words
                case "io" -> b.append(' ').append(v < 0 ? "-" : setup.ios().get(v).id());
                case "queue" -> b.append(" q").append(v);
                case "tag" -> b.append(" tag").append(v);
                default -> b.append(' ').append(rc.getName()).append('=').append(v);
            }
        }
        for (int i = 0; i < facts.names().size(); i++) {
            Fact n = facts.names().get(i);
            Object v = facts.values().get(i);
            boolean errnoLike = n == Fact.RES || n == Fact.RESULT || n == Fact.IO_RESULT;
            b.append(' ').append(n.wire()).append('=').append(errnoLike && v instanceof Long l ? Errno.describe(l) : Fact.text(v));
        }
        return b.toString();
    }
}
