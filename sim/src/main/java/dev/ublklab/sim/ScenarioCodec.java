package dev.ublklab.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ublklab.model.Action;
import dev.ublklab.model.Config;
import dev.ublklab.model.Invariants;
import dev.ublklab.model.KernelVersion;
import dev.ublklab.model.IoSpec;
import dev.ublklab.model.Recovery;
import dev.ublklab.model.ReqOp;
import dev.ublklab.model.Segment;
import dev.ublklab.model.ServerSpec;
import dev.ublklab.model.Setup;
import dev.ublklab.model.TagPolicy;
import dev.ublklab.model.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes scenario files (docs/scenario-format.md). Every problem becomes a
 * {@link ScenarioException} naming the file, the JSON path and what was expected.
 */
public final class ScenarioCodec {
    static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ScenarioCodec() {}

    public static Scenario read(Path file) throws ScenarioException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ScenarioException(file.toString(), "$", "no such file");
        } catch (IOException e) {
            throw new ScenarioException(file.toString(), "$", "cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public static Scenario parse(String text, String file) throws ScenarioException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new ScenarioException(file, "$", "not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        return new Reader(file).scenario(root);
    }

    /** Reads one scenario file's JSON tree, tracking the path for messages. */
    private static final class Reader {
        private final String file;

        Reader(String file) {
            this.file = file;
        }

        private ScenarioException bad(String path, String message) {
            return new ScenarioException(file, path, message);
        }

        private ObjectNode object(JsonNode n, String path, String... allowed) throws ScenarioException {
            if (n == null || !n.isObject()) {
                throw bad(path, "expected an object, found " + kind(n));
            }
            Set<String> ok = Set.of(allowed);
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!ok.contains(f)) {
                    throw bad(path + "." + f, "unknown field (expected one of " + String.join(", ", allowed) + ")");
                }
            }
            return (ObjectNode) n;
        }

        private static String kind(JsonNode n) {
            return n == null || n.isMissingNode() ? "nothing" : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        }

        private long integer(JsonNode n, String path, long min, long max) throws ScenarioException {
            if (n == null || !n.isIntegralNumber()) {
                throw bad(path, "expected an integer, found " + kind(n));
            }
            long v = n.asLong();
            if (v < min || v > max) {
                throw bad(path, "expected an integer in [" + min + ", " + max + "], found " + v);
            }
            return v;
        }

        private int intOr(ObjectNode o, String f, String path, int dflt, long min, long max) throws ScenarioException {
            return o.has(f) ? (int) integer(o.get(f), path + "." + f, min, max) : dflt;
        }

        private String text(JsonNode n, String path) throws ScenarioException {
            if (n == null || !n.isTextual()) {
                throw bad(path, "expected a string, found " + kind(n));
            }
            return n.asText();
        }

        private ArrayNode array(JsonNode n, String path) throws ScenarioException {
            if (n == null || !n.isArray()) {
                throw bad(path, "expected an array, found " + kind(n));
            }
            return (ArrayNode) n;
        }

        Scenario scenario(JsonNode n) throws ScenarioException {
            ObjectNode o = object(n, "$", "name", "description", "config", "ios", "submit", "server", "faults",
                    "expect", "seed", "schedule", "maxSteps");
            String name = o.has("name") ? text(o.get("name"), "$.name") : baseName();
            String description = o.has("description") ? text(o.get("description"), "$.description") : "";
            List<IoSpec> ios = ios(array(o.get("ios"), "$.ios"));
            Config config = config(o.get("config"), ios);
            checkIos(ios, config);
            boolean inOrder = true;
            if (o.has("submit")) {
                String s = text(o.get("submit"), "$.submit");
                if (!s.equals("inOrder") && !s.equals("any")) {
                    throw bad("$.submit", "expected \"inOrder\" or \"any\", found \"" + s + "\"");
                }
                inOrder = s.equals("inOrder");
            }
            ServerSpec server = o.has("server") ? server(o.get("server"), ios) : new ServerSpec.Correct(0);
            List<Integer> crashes = o.has("faults") ? faults(o.get("faults"), config) : List.of();
            dev.ublklab.model.LcSetup lifecycle = LifecycleCodec.read(file, o.get("config"), o.get("faults"), config, server, crashes);
            Expect expect = expect(o.get("expect"));
            long seed = o.has("seed") ? integer(o.get("seed"), "$.seed", Long.MIN_VALUE, Long.MAX_VALUE) : 1;
            List<Integer> schedule = null;
            if (o.has("schedule")) {
                schedule = new ArrayList<>();
                ArrayNode a = array(o.get("schedule"), "$.schedule");
                for (int i = 0; i < a.size(); i++) {
                    schedule.add((int) integer(a.get(i), "$.schedule[" + i + "]", 0, Integer.MAX_VALUE));
                }
            }
            int maxSteps = intOr(o, "maxSteps", "$", 100_000, 1, Integer.MAX_VALUE);
            dev.ublklab.model.Fault.Budget budget = o.has("faults") ? budget(o.get("faults")) : dev.ublklab.model.Fault.Budget.NONE;
            if (budget.any() && lifecycle != null) {
                String k = firstBudget(o.get("faults"));
                throw bad("$.faults." + k, "needs the simplified data path (a kernel without the mainline lifecycle, which"
                        + " models no data movement)");
            }
            Setup setup = new Setup(config, ios, server, crashes, inOrder, lifecycle, budget);
            return new Scenario(name, description, file, setup, expect, seed, schedule, maxSteps);
        }

        private String baseName() {
            String b = Path.of(file).getFileName().toString();
            return b.endsWith(".json") ? b.substring(0, b.length() - 5) : b;
        }

        private Config config(JsonNode n, List<IoSpec> ios) throws ScenarioException {
            ObjectNode o = object(n, "$.config", "queues", "depth", "variant", "pipeSlots", "workers", "pageSize",
                    "sectorSize", "maxIoBytes", "tagPolicy", "recovery", "sectors", "kernel", "rings", "setup", "fetchers");
            int queues = intOr(o, "queues", "$.config", 1, 1, 64);
            int depth = intOr(o, "depth", "$.config", 1, 1, 64);
            String vs = text(o.get("variant"), "$.config.variant");
            Variant variant = Variant.parse(vs);
            if (variant == null) {
                throw bad("$.config.variant", "unknown variant \"" + vs + "\" (expected one of " + variantNames() + ")");
            }
            if (!variant.modelled()) {
                throw bad("$.config.variant", "variant \"" + vs + "\" is not modelled yet");
            }
            int sectorSize = intOr(o, "sectorSize", "$.config", 512, 512, 4096);
            int pageSize = intOr(o, "pageSize", "$.config", 4096, 512, 65536);
            if (pageSize % sectorSize != 0) {
                throw bad("$.config.pageSize", "expected a multiple of sectorSize " + sectorSize + ", found " + pageSize);
            }
            long maxEnd = 8;
            for (IoSpec io : ios) {
                maxEnd = Math.max(maxEnd, io.sector() + io.bytes() / 512);
            }
            int sectors = intOr(o, "sectors", "$.config", (int) ((maxEnd + 7) / 8 * 8), 1, 1 << 20);
            TagPolicy policy = TagPolicy.ANY;
            if (o.has("tagPolicy")) {
                String s = text(o.get("tagPolicy"), "$.config.tagPolicy");
                policy = TagPolicy.parse(s);
                if (policy == null) throw bad("$.config.tagPolicy", "expected any, lowest or roundRobin, found \"" + s + "\"");
            }
            Recovery recovery = Recovery.OFF;
            if (o.has("recovery") && !LifecycleCodec.lifecycleKernel(o)) {
                String s = text(o.get("recovery"), "$.config.recovery");
                recovery = Recovery.parse(s);
                if (recovery == null) throw bad("$.config.recovery", "expected off, USER_RECOVERY or REISSUE, found \"" + s + "\"");
                if (recovery != Recovery.OFF) throw bad("$.config.recovery", "recovery \"" + s + "\" is not modelled yet (only off)");
            }
            KernelVersion kernel = kernel(o, variant);
            return new Config(queues, depth, variant, intOr(o, "pipeSlots", "$.config", 16, 1, 1024),
                    intOr(o, "workers", "$.config", 1, 1, 64), pageSize, sectorSize,
                    intOr(o, "maxIoBytes", "$.config", 524288, pageSize, 1 << 30), policy, recovery, sectors, kernel);
        }

        private KernelVersion kernel(ObjectNode o, Variant variant) throws ScenarioException {
            if (!o.has("kernel")) {
                return KernelVersion.SIMPLIFIED;
            }
            String s = text(o.get("kernel"), "$.config.kernel");
            KernelVersion k = KernelVersion.parse(s);
            if (k == null) {
                throw bad("$.config.kernel", "unknown kernel version \"" + s + "\" (expected one of " + KernelVersion.names() + ")");
            }
            String missing = k.refusal(variant);
            if (missing != null) {
                throw bad("$.config.kernel", missing);
            }
            return k;
        }

        private static String variantNames() {
            List<String> names = new ArrayList<>();
            for (Variant v : Variant.values()) names.add(v.id());
            return String.join(", ", names);
        }

        private List<IoSpec> ios(ArrayNode a) throws ScenarioException {
            List<IoSpec> out = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            if (a.size() > dev.ublklab.model.Taint.MAX_IOS) {
                throw bad("$.ios", "at most " + dev.ublklab.model.Taint.MAX_IOS + " IOs (the model keeps a taint bit per IO), found " + a.size());
            }
            for (int i = 0; i < a.size(); i++) {
                String p = "$.ios[" + i + "]";
                ObjectNode o = object(a.get(i), p, "id", "op", "queue", "sector", "bytes", "segments", "after");
                String id = text(o.get("id"), p + ".id");
                if (!ids.add(id)) throw bad(p + ".id", "duplicate IO id \"" + id + "\"");
                String ops = text(o.get("op"), p + ".op");
                ReqOp op = ReqOp.parse(ops);
                if (op == null) throw bad(p + ".op", "expected READ, WRITE, FLUSH or DISCARD, found \"" + ops + "\"");
                int queue = intOr(o, "queue", p, 0, 0, 4095);
                long sector = o.has("sector") ? integer(o.get("sector"), p + ".sector", 0, 1 << 20) : 0;
                List<Segment> segs = segments(o, p, op);
                String after = o.has("after") ? text(o.get("after"), p + ".after") : null;
                out.add(new IoSpec(id, op, queue, sector, segs, after));
            }
            for (int i = 0; i < out.size(); i++) {
                String after = out.get(i).after();
                if (after != null && (after.equals(out.get(i).id()) || !ids.contains(after))) {
                    throw bad("$.ios[" + i + "].after", "expected the id of another IO, found \"" + after + "\"");
                }
            }
            return out;
        }

        private List<Segment> segments(ObjectNode o, String p, ReqOp op) throws ScenarioException {
            Integer bytes = o.has("bytes") ? (int) integer(o.get("bytes"), p + ".bytes", 0, 1 << 26) : null;
            List<Segment> segs = new ArrayList<>();
            if (o.has("segments")) {
                ArrayNode a = array(o.get("segments"), p + ".segments");
                for (int k = 0; k < a.size(); k++) {
                    segs.add(segment(a.get(k), p + ".segments[" + k + "]"));
                }
            } else if (bytes != null) {
                for (int left = bytes; left > 0; left -= 4096) {
                    segs.add(new Segment(0, Math.min(4096, left)));
                }
            }
            int sum = segs.stream().mapToInt(Segment::len).sum();
            if (bytes != null && bytes != sum) {
                throw bad(p + ".segments", "segments sum to " + sum + " bytes but bytes is " + bytes);
            }
            if (op.hasData() || op == ReqOp.DISCARD) {
                if (segs.isEmpty()) throw bad(p, "a " + op + " needs bytes or segments");
            } else if (!segs.isEmpty()) {
                throw bad(p + ".bytes", "a FLUSH carries no data");
            }
            return segs;
        }

        private Segment segment(JsonNode n, String p) throws ScenarioException {
            int off = 0;
            int len;
            if (n != null && n.isObject()) {
                ObjectNode o = object(n, p, "offset", "len");
                off = intOr(o, "offset", p, 0, 0, 1 << 20);
                len = (int) integer(o.get("len"), p + ".len", 1, 1 << 20);
            } else {
                len = (int) integer(n, p, 1, 1 << 20);
            }
            if (off % 512 != 0 || len % 512 != 0) {
                throw bad(p, "offset and length must be multiples of 512, found offset " + off + " len " + len);
            }
            if (off + len > 4096) {
                throw bad(p, "segment crosses its page: offset " + off + " + len " + len + " > 4096");
            }
            return new Segment(off, len);
        }

        private void checkIos(List<IoSpec> ios, Config c) throws ScenarioException {
            for (int i = 0; i < ios.size(); i++) {
                IoSpec io = ios.get(i);
                String p = "$.ios[" + i + "]";
                if (io.queue() >= c.queues()) {
                    throw bad(p + ".queue", "queue " + io.queue() + " out of range: the device has " + c.queues() + " queue(s)");
                }
                for (Segment s : io.segments()) {
                    if (s.offset() + s.len() > c.pageSize() || s.offset() % c.sectorSize() != 0 || s.len() % c.sectorSize() != 0) {
                        throw bad(p + ".segments", "segment offset " + s.offset() + " len " + s.len()
                                + " does not fit a " + c.pageSize() + "-byte page in " + c.sectorSize() + "-byte sectors");
                    }
                }
                if (io.sector() + io.bytes() / c.sectorSize() > c.sectors()) {
                    throw bad(p + ".sector", "IO ends past the device (" + c.sectors() + " sectors)");
                }
                if (io.bytes() > c.maxIoBytes()) {
                    throw bad(p + ".bytes", io.bytes() + " bytes exceed maxIoBytes " + c.maxIoBytes());
                }
            }
        }

        private ServerSpec server(JsonNode n, List<IoSpec> ios) throws ScenarioException {
            ObjectNode o = object(n, "$.server", "policy", "chunk", "plans", "budget");
            String policy = text(o.get("policy"), "$.server.policy");
            int chunk = intOr(o, "chunk", "$.server", 0, 0, 1 << 26);
            if (chunk % 512 != 0) throw bad("$.server.chunk", "expected a multiple of 512, found " + chunk);
            switch (policy) {
                case "correct" -> {
                    if (o.has("plans")) throw bad("$.server.plans", "only a script server has plans");
                    return new ServerSpec.Correct(chunk);
                }
                case "script" -> {
                    return new ServerSpec.Script(plans(object(o.get("plans"), "$.server.plans", idArray(ios)), ios), chunk);
                }
                case "adversarial" -> {
                    if (o.has("plans")) throw bad("$.server.plans", "only a script server has plans");
                    return new ServerSpec.Adversarial(intOr(o, "budget", "$.server", 1, 0, 64), chunk);
                }
                default -> throw bad("$.server.policy", "expected correct, script or adversarial, found \"" + policy + "\"");
            }
        }

        private static String[] idArray(List<IoSpec> ios) {
            return ios.stream().map(IoSpec::id).toArray(String[]::new);
        }

        private List<List<Action>> plans(ObjectNode o, List<IoSpec> ios) throws ScenarioException {
            List<List<Action>> plans = new ArrayList<>();
            Set<String> ids = new HashSet<>(List.of(idArray(ios)));
            for (IoSpec io : ios) {
                if (!o.has(io.id())) {
                    plans.add(null);
                    continue;
                }
                String p = "$.server.plans." + io.id();
                ArrayNode a = array(o.get(io.id()), p);
                List<Action> plan = new ArrayList<>();
                for (int k = 0; k < a.size(); k++) {
                    plan.add(action(a.get(k), p + "[" + k + "]", ids));
                }
                plans.add(plan);
            }
            return plans;
        }

        private Action action(JsonNode n, String p, Set<String> ids) throws ScenarioException {
            ObjectNode o = object(n, p, "do", "result", "io", "queue", "tag", "offset", "len", "flags", "fileOff", "write",
                    "slot");
            String d = text(o.get("do"), p + ".do");
            return switch (d) {
                case "transfer" -> new Action.Transfer(o.has("len")
                        ? (int) integer(o.get("len"), p + ".len", 1, Integer.MAX_VALUE) : null);
                case "commit" -> new Action.Commit(o.has("result")
                        ? (int) integer(o.get("result"), p + ".result", Integer.MIN_VALUE, Integer.MAX_VALUE) : null);
                case "waitFor" -> {
                    String io = text(o.get("io"), p + ".io");
                    if (!ids.contains(io)) throw bad(p + ".io", "no IO with id \"" + io + "\"");
                    yield new Action.WaitFor(io);
                }
                case "crash" -> new Action.Crash();
                case "splice" -> new Action.Splice(optInt(o, "queue", p), optInt(o, "tag", p),
                        integer(o.get("offset"), p + ".offset", 0, 0xffffffffL),
                        (int) integer(o.get("len"), p + ".len", 0, Integer.MAX_VALUE),
                        (int) integer(o.get("flags"), p + ".flags", 0, 0xff),
                        o.has("fileOff") ? integer(o.get("fileOff"), p + ".fileOff", Long.MIN_VALUE, Long.MAX_VALUE) : null);
                case "userCopy" -> new Action.UserCopy(optInt(o, "queue", p), optInt(o, "tag", p),
                        integer(o.get("offset"), p + ".offset", 0, 1L << 40),
                        (int) integer(o.get("len"), p + ".len", 0, Integer.MAX_VALUE),
                        o.has("write") && o.get("write").asBoolean());
                case "register" -> new Action.Register(optInt(o, "queue", p), optInt(o, "tag", p), optInt(o, "slot", p));
                case "unregister" -> new Action.Unregister(optInt(o, "slot", p));
                case "readFixed", "writeFixed" -> new Action.Fixed(optInt(o, "slot", p),
                        integer(o.get("offset"), p + ".offset", 0, 1L << 40),
                        (int) integer(o.get("len"), p + ".len", 0, Integer.MAX_VALUE), d.equals("writeFixed"),
                        o.has("fileOff") ? integer(o.get("fileOff"), p + ".fileOff", 0, 1L << 40) : null);
                default -> throw bad(p + ".do", "expected transfer, commit, waitFor, crash, splice, userCopy, register,"
                        + " unregister, readFixed or writeFixed, found \"" + d + "\"");
            };
        }

        private Integer optInt(ObjectNode o, String field, String p) throws ScenarioException {
            return o.has(field) ? (int) integer(o.get(field), p + "." + field, 0, 0xffff) : null;
        }

        /** faults.backendError, backendShort, allocFail, copyFault: budgets 0..15 (Fault). */
        private dev.ublklab.model.Fault.Budget budget(JsonNode n) throws ScenarioException {
            int[] b = new int[4];
            for (int k = 0; k < 4; k++) {
                String name = dev.ublklab.model.Fault.KINDS.get(k);
                if (n.has(name)) {
                    b[k] = (int) integer(n.get(name), "$.faults." + name, 0, dev.ublklab.model.Fault.MAX_BUDGET);
                }
            }
            return new dev.ublklab.model.Fault.Budget(b[0], b[1], b[2], b[3]);
        }

        private static String firstBudget(JsonNode n) {
            for (String k : dev.ublklab.model.Fault.KINDS) {
                if (n.has(k) && n.get(k).asInt() > 0) {
                    return k;
                }
            }
            return "backendError";
        }

        private List<Integer> faults(JsonNode n, Config c) throws ScenarioException {
            ObjectNode o = object(n, "$.faults", "crash", "ringClose", "recover", "timeout", "stopDev", "backendError", "backendShort",
                    "allocFail", "copyFault");
            List<Integer> out = new ArrayList<>();
            if (o.has("crash")) {
                ArrayNode a = array(o.get("crash"), "$.faults.crash");
                for (int i = 0; i < a.size(); i++) {
                    int q = (int) integer(a.get(i), "$.faults.crash[" + i + "]", 0, 4095);
                    if (q >= c.queues()) {
                        throw bad("$.faults.crash[" + i + "]", "queue " + q + " out of range: the device has " + c.queues() + " queue(s)");
                    }
                    if (!out.contains(q)) out.add(q);
                }
            }
            return out;
        }

        private Expect expect(JsonNode n) throws ScenarioException {
            if (n == null) {
                return new Expect(Invariants.names(), List.of());
            }
            ObjectNode o = object(n, "$.expect", "hold", "violated");
            List<String> hold = o.has("hold") ? names(array(o.get("hold"), "$.expect.hold"), "$.expect.hold") : null;
            List<String> violated = o.has("violated")
                    ? names(array(o.get("violated"), "$.expect.violated"), "$.expect.violated") : List.of();
            if (hold == null) {
                hold = new ArrayList<>(Invariants.names());
                hold.removeAll(violated);
            }
            for (String v : violated) {
                if (hold.contains(v)) throw bad("$.expect", "\"" + v + "\" is expected both to hold and to be violated");
            }
            return new Expect(hold, violated);
        }

        private List<String> names(ArrayNode a, String p) throws ScenarioException {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                String s = text(a.get(i), p + "[" + i + "]");
                if (Invariants.byName(s) == null) {
                    throw bad(p + "[" + i + "]", "unknown invariant \"" + s + "\" (expected one of " + String.join(", ", Invariants.names()) + ")");
                }
                out.add(s);
            }
            return out;
        }
    }
}
