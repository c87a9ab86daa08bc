package dev.ublklab.sim.check;

import dev.ublklab.model.Action;
import dev.ublklab.model.KernelVersion;
import dev.ublklab.model.Config;
import dev.ublklab.model.IoSpec;
import dev.ublklab.model.Recovery;
import dev.ublklab.model.ReqOp;
import dev.ublklab.model.Segment;
import dev.ublklab.model.ServerSpec;
import dev.ublklab.model.Setup;
import dev.ublklab.model.TagPolicy;
import dev.ublklab.model.Variant;
import java.util.ArrayList;
import java.util.List;

/** Small setups built straight from the model's records. */
final class Setups {
    private Setups() {}

    static Config copy(int depth) {
        return copy(1, depth, TagPolicy.ANY);
    }

    static Config copy(int queues, int depth, TagPolicy policy) {
        return config(Variant.COPY, queues, depth, policy);
    }

    static Config config(Variant v, int queues, int depth, TagPolicy policy) {
        return new Config(queues, depth, v, 16, 1, 4096, 512, 65536, policy, Recovery.OFF, 64, KernelVersion.SIMPLIFIED);
    }

    static IoSpec io(String id, ReqOp op, long sector) {
        return new IoSpec(id, op, 0, sector, List.of(new Segment(0, 4096)), null);
    }

    static IoSpec io(String id, ReqOp op, int queue, long sector) {
        return new IoSpec(id, op, queue, sector, List.of(new Segment(0, 4096)), null);
    }

    static Setup correct(Config c, int chunk, IoSpec... ios) {
        return new Setup(c, List.of(ios), new ServerSpec.Correct(chunk), List.of(), true);
    }

    /** Every IO gets {@code plan}. */
    static Setup scripted(Config c, List<Action> plan, IoSpec... ios) {
        List<List<Action>> plans = new ArrayList<>();
        for (IoSpec ignored : ios) {
            plans.add(plan);
        }
        return new Setup(c, List.of(ios), new ServerSpec.Script(plans, 0), List.of(), true);
    }

    static Options quiet() {
        return Options.defaults();
    }
}
