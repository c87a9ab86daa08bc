package dev.ublklab.model;

import java.util.ArrayList;
import java.util.List;

/** Small setups built by hand for step and invariant tests. */
final class Fixtures {
    private Fixtures() {}

    static Config config(int queues, int depth, TagPolicy policy) {
        return new Config(queues, depth, Variant.COPY, 16, 1, 4096, 512, 524288, policy, Recovery.OFF, 64, KernelVersion.SIMPLIFIED);
    }

    static IoSpec io(String id, ReqOp op, long sector, int bytes) {
        List<Segment> segs = new ArrayList<>();
        for (int left = bytes; left > 0; left -= 4096) {
            segs.add(new Segment(0, Math.min(4096, left)));
        }
        return new IoSpec(id, op, 0, sector, segs, null);
    }

    static Model model(int depth, TagPolicy policy, ServerSpec server, IoSpec... ios) {
        return new Model(new Setup(config(1, depth, policy), List.of(ios), server, List.of(0), true));
    }

    static Model model(IoSpec... ios) {
        return model(1, TagPolicy.ANY, new ServerSpec.Correct(0), ios);
    }

    /** Applies the only enabled event of {@code type} and returns the next state. */
    static World step(Model m, World w, String type) {
        for (Event e : m.enabled(w)) {
            if (e.type().equals(type)) {
                return ((Outcome.Next) m.apply(w, e)).world();
            }
        }
        throw new AssertionError(type + " is not enabled; enabled: " + m.enabled(w));
    }

    static List<String> types(Model m, World w) {
        return m.enabled(w).stream().map(Event::type).toList();
    }
}
