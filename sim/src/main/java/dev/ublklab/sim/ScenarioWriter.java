package dev.ublklab.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ublklab.model.Action;
import dev.ublklab.model.Config;
import dev.ublklab.model.KernelVersion;
import dev.ublklab.model.IoSpec;
import dev.ublklab.model.Segment;
import dev.ublklab.model.ServerSpec;
import dev.ublklab.model.Setup;
import java.util.List;

/**
 * Writes a {@link Scenario} as a scenario file that {@link ScenarioCodec} reads back to an equal
 * scenario: how counterexamples and property-test failures become replayable files.
 */
public final class ScenarioWriter {
    private ScenarioWriter() {}

    public static String write(Scenario s) {
        ObjectNode o = ScenarioCodec.JSON.createObjectNode();
        o.put("name", s.name());
        o.put("description", s.description());
        Setup setup = s.setup();
        o.set("config", config(setup.config()));
        ArrayNode ios = o.putArray("ios");
        for (IoSpec io : setup.ios()) {
            ios.add(io(io));
        }
        o.put("submit", setup.inOrder() ? "inOrder" : "any");
        o.set("server", server(setup));
        if (!setup.crashes().isEmpty()) {
            ArrayNode c = o.putObject("faults").putArray("crash");
            setup.crashes().forEach(c::add);
        }
        if (setup.faults().any()) {
            ObjectNode f = o.has("faults") ? (ObjectNode) o.get("faults") : o.putObject("faults");
            for (int k = 0; k < dev.ublklab.model.Fault.KINDS.size(); k++) {
                if (setup.faults().of(k) > 0) {
                    f.put(dev.ublklab.model.Fault.KINDS.get(k), setup.faults().of(k));
                }
            }
        }
        if (setup.lifecycle() != null) {
            LifecycleCodec.write(setup, (ObjectNode) o.get("config"), o);
        }
        ObjectNode e = o.putObject("expect");
        s.expect().hold().forEach(e.putArray("hold")::add);
        s.expect().violated().forEach(e.putArray("violated")::add);
        o.put("seed", s.seed());
        if (s.schedule() != null) {
            ArrayNode a = o.putArray("schedule");
            s.schedule().forEach(a::add);
        }
        o.put("maxSteps", s.maxSteps());
        try {
            return ScenarioCodec.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o) + "\n";
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }

    private static ObjectNode config(Config c) {
        ObjectNode o = ScenarioCodec.JSON.createObjectNode();
        o.put("queues", c.queues());
        o.put("depth", c.depth());
        o.put("variant", c.variant().id());
        o.put("pipeSlots", c.pipeSlots());
        o.put("workers", c.workers());
        o.put("pageSize", c.pageSize());
        o.put("sectorSize", c.sectorSize());
        o.put("maxIoBytes", c.maxIoBytes());
        o.put("tagPolicy", c.tagPolicy().id());
        o.put("recovery", c.recovery().id());
        if (c.kernel() != KernelVersion.SIMPLIFIED) {
            o.put("kernel", c.kernel().id());
        }
        o.put("sectors", c.sectors());
        return o;
    }

    private static ObjectNode io(IoSpec io) {
        ObjectNode o = ScenarioCodec.JSON.createObjectNode();
        o.put("id", io.id());
        o.put("op", io.op().name());
        o.put("queue", io.queue());
        o.put("sector", io.sector());
        ArrayNode segs = o.putArray("segments");
        for (Segment s : io.segments()) {
            segs.addObject().put("offset", s.offset()).put("len", s.len());
        }
        if (io.after() != null) {
            o.put("after", io.after());
        }
        return o;
    }

    private static ObjectNode server(Setup setup) {
        ObjectNode o = ScenarioCodec.JSON.createObjectNode();
        ServerSpec spec = setup.server();
        o.put("policy", spec.policy());
        o.put("chunk", spec.chunk());
        if (spec instanceof ServerSpec.Adversarial adv) {
            o.put("budget", adv.budget());
        }
        if (spec instanceof ServerSpec.Script script) {
            ObjectNode plans = o.putObject("plans");
            for (int i = 0; i < setup.ios().size(); i++) {
                List<Action> plan = script.plans().get(i);
                if (plan != null) {
                    ArrayNode a = plans.putArray(setup.ios().get(i).id());
                    plan.forEach(act -> a.add(action(act)));
                }
            }
        }
        return o;
    }

    private static ObjectNode action(Action a) {
        ObjectNode o = ScenarioCodec.JSON.createObjectNode();
        o.put("do", a.kind());
        switch (a) {
            case Action.Commit c -> {
                if (c.result() != null) o.put("result", c.result());
            }
            case Action.WaitFor w -> o.put("io", w.io());
            case Action.Transfer t -> {
                if (t.len() != null) o.put("len", t.len());
            }
            case Action.Crash c -> { }
            case Action.Splice x -> {
                if (x.queue() != null) o.put("queue", x.queue());
                if (x.tag() != null) o.put("tag", x.tag());
                o.put("offset", x.offset());
                o.put("len", x.len());
                o.put("flags", x.flags());
                if (x.fileOff() != null) o.put("fileOff", x.fileOff());
            }
            case Action.UserCopy x -> {
                if (x.queue() != null) o.put("queue", x.queue());
                if (x.tag() != null) o.put("tag", x.tag());
                o.put("offset", x.offset());
                o.put("len", x.len());
                o.put("write", x.write());
            }
            case Action.Register x -> {
                if (x.queue() != null) o.put("queue", x.queue());
                if (x.tag() != null) o.put("tag", x.tag());
                if (x.slot() != null) o.put("slot", x.slot());
            }
            case Action.Unregister x -> {
                if (x.slot() != null) o.put("slot", x.slot());
            }
            case Action.Fixed x -> {
                if (x.slot() != null) o.put("slot", x.slot());
                o.put("offset", x.offset());
                o.put("len", x.len());
                if (x.fileOff() != null) o.put("fileOff", x.fileOff());
            }
        }
        return o;
    }
}
