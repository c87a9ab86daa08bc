package dev.ublklab.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ublklab.model.Config;
import dev.ublklab.model.LcRecovery;
import dev.ublklab.model.Behaviour;
import dev.ublklab.model.KernelVersion;
import dev.ublklab.model.LcSetup;
import dev.ublklab.model.ServerSpec;
import dev.ublklab.model.Setup;
import java.util.List;

/**
 * The lifecycle knobs of a scenario (docs/scenario-format.md, "Lifecycle"): config.kernel,
 * config.recovery in its lifecycle spelling, config.rings / setup / fetchers, and the faults
 * ringClose / recover / timeout / stopDev. Every bad value is one ScenarioException naming the field.
 */
final class LifecycleCodec {
    private LifecycleCodec() {}

    /** Knobs that only a lifecycle kernel reads. */
    static final List<String> CONFIG_KNOBS = List.of("rings", "setup", "fetchers");
    static final List<String> FAULT_KNOBS = List.of("ringClose", "recover", "timeout", "stopDev");

    /** Whether config.kernel names a version with the mainline lifecycle (its recovery values are the lifecycle's). */
    static boolean lifecycleKernel(ObjectNode config) {
        KernelVersion k = config.has("kernel") ? KernelVersion.parse(config.get("kernel").asText()) : null;
        return k != null && k.has(Behaviour.MAINLINE_LIFECYCLE);
    }

    /** The LcSetup of this scenario, or null when its kernel has no lifecycle (then no lifecycle knob may appear). */
    static LcSetup read(String file, JsonNode config, JsonNode faults, Config c, ServerSpec server, List<Integer> crashes)
            throws ScenarioException {
        ObjectNode o = (ObjectNode) config;
        ObjectNode f = faults instanceof ObjectNode fo ? fo : null;
        if (!c.has(Behaviour.MAINLINE_LIFECYCLE)) {
            for (String k : CONFIG_KNOBS) {
                if (o.has(k)) throw new ScenarioException(file, "$.config." + k, "needs a kernel with the mainline lifecycle (config.kernel 6.14 or 6.16)");
            }
            for (String k : FAULT_KNOBS) {
                if (f != null && f.has(k)) throw new ScenarioException(file, "$.faults." + k, "needs a kernel with the mainline lifecycle (config.kernel 6.14 or 6.16)");
            }
            return null;
        }
        String no = dev.ublklab.model.Lifecycle.refusal(new Setup(c, List.of(), server, crashes, true));
        if (no != null) {
            throw new ScenarioException(file, server instanceof ServerSpec.Correct ? "$.config.variant" : "$.server", no);
        }
        LcRecovery rec = LcRecovery.OFF;
        if (o.has("recovery")) {
            String s = o.get("recovery").asText();
            rec = LcRecovery.parse(s);
            if (rec == null || !o.get("recovery").isTextual()) {
                throw new ScenarioException(file, "$.config.recovery", "expected off, recovery, reissue or failIo, found " + o.get("recovery"));
            }
        }
        int rings = small(file, o, "$.config", "rings", 1, 1, 4);
        int fetchers = small(file, o, "$.config", "fetchers", 1, 1, 1);
        boolean fetch = false;
        if (o.has("setup")) {
            JsonNode s = o.get("setup");
            if (!s.isTextual() || !(s.asText().equals("live") || s.asText().equals("fetch"))) {
                throw new ScenarioException(file, "$.config.setup", "expected \"live\" or \"fetch\", found " + s);
            }
            fetch = s.asText().equals("fetch");
        }
        int ringClose = f == null ? 0 : small(file, f, "$.faults", "ringClose", 0, 0, 8);
        int recover = f == null ? 0 : small(file, f, "$.faults", "recover", 0, 0, 3);
        int timeout = f == null ? 0 : small(file, f, "$.faults", "timeout", 0, 0, 8);
        int stopDev = f == null ? 0 : small(file, f, "$.faults", "stopDev", 0, 0, 1);
        if (recover > 0 && rec == LcRecovery.OFF) {
            throw new ScenarioException(file, "$.faults.recover", "needs config.recovery other than off");
        }
        return new LcSetup(rec, rings, fetch, fetchers, crashes, ringClose, recover, timeout, c.queues() == 1, stopDev == 1);
    }

    private static int small(String file, ObjectNode o, String path, String field, int dflt, int min, int max)
            throws ScenarioException {
        if (!o.has(field)) return dflt;
        JsonNode n = o.get(field);
        if (!n.isIntegralNumber() || n.asLong() < min || n.asLong() > max) {
            throw new ScenarioException(file, path + "." + field, "expected an integer in [" + min + ", " + max + "], found " + n);
        }
        return n.asInt();
    }

    /** Writes the lifecycle knobs back (ScenarioWriter): kernel, recovery, rings, setup and the fault budgets. */
    static void write(Setup s, ObjectNode config, ObjectNode root) {
        LcSetup l = s.lifecycle();
        if (l == null) return;
        config.put("recovery", l.recovery().id());
        config.put("rings", l.rings());
        config.put("setup", l.fetchSetup() ? "fetch" : "live");
        ObjectNode f = root.has("faults") ? (ObjectNode) root.get("faults") : root.putObject("faults");
        if (!f.has("crash")) {
            ArrayNode a = f.putArray("crash");
            l.crash().forEach(a::add);
        }
        f.put("ringClose", l.ringClose());
        f.put("recover", l.recover());
        f.put("timeout", l.timeout());
        if (l.stop()) {
            f.put("stopDev", 1);
        }
    }
}
