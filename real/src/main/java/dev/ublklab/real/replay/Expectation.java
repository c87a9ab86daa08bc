package dev.ublklab.real.replay;

import dev.ublklab.model.Invariants;
import dev.ublklab.model.IoSpec;
import dev.ublklab.model.Setup;
import dev.ublklab.sim.Expect;
import dev.ublklab.sim.Judgement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The scenario's {@code expect} judged on what a real run shows: every-io-completes from the client's
 * results, the data invariants from the client's verification, no-kernel-warn from the kernel log.
 * The others (tag-exclusive, complete-once, no-page-after-release, ...)
 * are kernel-internal: only conformance speaks for them, and they are listed as not observed.
 */
public final class Expectation {
    private Expectation() {}

    static final List<String> DATA = List.of("read-returns-backing-data", "write-persists-exactly", "no-stale-data-exposed");

    /**
     * @param warnings new kernel WARNINGs during the run, or -1 when the kernel log was not readable
     */
    /** met: every observed invariant is as expected; reason: one line per judged invariant. */
    public static Judgement judge(Setup setup, Expect expect, ReplayClient.Outcome o, int warnings) {
        Map<String, Boolean> held = observed(setup, expect, o, warnings);
        List<String> hold = new ArrayList<>(expect.hold());
        if (hold.isEmpty()) {
            for (String name : held.keySet()) if (!expect.violated().contains(name)) hold.add(name);
        }
        boolean met = true;
        List<String> said = new ArrayList<>();
        List<String> unseen = new ArrayList<>();
        for (String name : hold) met &= say(name, true, held, said, unseen);
        for (String name : expect.violated()) met &= say(name, false, held, said, unseen);
        String reason = String.join("; ", said) + (unseen.isEmpty() ? "" : "; not observable on a real kernel: " + String.join(", ", unseen));
        return new Judgement(met, reason);
    }

    private static boolean say(String name, boolean mustHold, Map<String, Boolean> held, List<String> said, List<String> unseen) {
        Boolean h = held.get(name);
        if (h == null) {
            unseen.add(name);
            return true;
        }
        boolean ok = h == mustHold;
        said.add(name + " " + (h ? "held" : "violated") + (ok ? "" : " (expected " + (mustHold ? "to hold" : "to break") + ")"));
        return ok;
    }

    /** The invariants a real run lets us judge, in a stable order. */
    static Map<String, Boolean> observed(Setup setup, Expect expect, ReplayClient.Outcome o, int warnings) {
        Map<String, Boolean> held = new java.util.LinkedHashMap<>();
        boolean all = o.stuck().isEmpty();
        for (int i = 0; i < setup.ios().size(); i++) {
            IoSpec io = setup.ios().get(i);
            Long r = o.results().get(i);
            long want = io.op().hasData() ? io.bytes() : 0;
            if (r == null || r != want) all = false;
        }
        held.put(Invariants.EVERY_IO_COMPLETES, all);
        // The client's verification sees one thing: whether any byte it read back or wrote differs
        // from what it expects. A mismatch cannot be pinned on one of the three data invariants, so
        // when the scenario expects some of them to break, only those are judged (by the mismatch)
        // and the others are not observable; otherwise all three must see no mismatch.
        List<String> expectBroken = DATA.stream().filter(expect.violated()::contains).toList();
        for (String d : expectBroken.isEmpty() ? DATA : expectBroken) held.put(d, o.mismatches().isEmpty());
        if (warnings >= 0) held.put("no-kernel-warn", warnings == 0);
        return held;
    }
}
