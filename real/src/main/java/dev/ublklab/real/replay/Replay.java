package dev.ublklab.real.replay;

import dev.ublklab.sim.Judgement;
import dev.ublklab.model.KernelVersion;
import dev.ublklab.model.Model;
import dev.ublklab.model.Setup;
import dev.ublklab.model.Variant;
import dev.ublklab.real.trace.EventLog;
import dev.ublklab.real.ublk.Control;
import dev.ublklab.real.ublk.DataPath;
import dev.ublklab.real.ublk.RamTarget;
import dev.ublklab.real.ublk.UblkDevice;
import dev.ublklab.real.ublk.UblkException;
import dev.ublklab.sim.Conformance;
import dev.ublklab.sim.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One scenario on the real kernel: plan it ({@link RealPlan}), create the device (RAM target of
 * config.sectors), run the client, delete the device, convert the trace, ask {@link Conformance}
 * whether it is a behaviour of the model with the same variant, and judge the scenario's expect.
 */
public final class Replay {
    /** Observations the conformance search may visit per step before it gives up. */
    public static final int MAX_STATES = 200_000;
    static final long IO_TIMEOUT_MS = 30_000;

    /** The result: exit code 0 when conforming and met, 1 otherwise. conformance is null where not judged. */
    public record Report(Recording recording, Conformance.Match conformance, Judgement expectation, long checkMillis,
                         GuestKernel kernel) {
        public Scenario scenario() { return recording.scenario(); }

        public DataPath path() { return recording.path(); }

        public RealTrace trace() { return recording.trace(); }

        public ReplayClient.Outcome client() { return recording.client(); }

        public RealPlan plan() { return recording.plan(); }

        public String phases() { return recording.phases() + ", check " + checkMillis + " ms"; }

        public int exitCode() {
            return conformance != null && conformance.conforms() && expectation.met() ? 0 : 1;
        }
    }

    private Replay() {}

    /** The model variant of a data path. */
    public static Variant variant(DataPath p) {
        return switch (p) {
            case COPY -> Variant.COPY;
            case USER_COPY -> Variant.USER_COPY;
            case ZERO_COPY -> Variant.ZERO_COPY;
        };
    }

    /**
     * The scenario's setup on {@code path}'s variant; refused when the scenario names a kernel version
     * that has no such data path (a 6.12 scenario on zero copy).
     */
    public static Setup setupFor(Scenario s, DataPath path) {
        String no = s.setup().config().kernel().refusal(variant(path));
        if (no != null) throw new Unexpressible("the scenario's " + no + ": replay it with another --variant");
        return s.setup().withVariant(variant(path));
    }

    /** Refuses with a clear message where this machine has no ublk. */
    public static void requireUblk() {
        if (!Control.available()) {
            throw new Unexpressible("no " + Control.CONTROL + " here (the kernel has no ublk_drv loaded): run the replay in the"
                + " project's VM with --vm");
        }
    }

    /** Plans, runs and judges {@code s} on {@code path}; {@code say} gets notes and leftover-device sweeps. */
    public static Report run(Scenario s, DataPath path, Consumer<String> say) throws InterruptedException {
        return judge(record(s, path, say));
    }

    /** Plans and runs {@code s} on this kernel; nothing is judged yet. */
    public static Recording record(Scenario s, DataPath path, Consumer<String> say) throws InterruptedException {
        RealPlan plan = RealPlan.of(setupFor(s, path), path, true);
        if (plan.decisions().stream().anyMatch(RealPlan.Decision::crash)) {
            plan.notes().forEach(n -> say.accept("note: " + n));
            requireUblk();
            return CrashReplay.record(s, path, plan, say);
        }
        List<String> said = new ArrayList<>();
        Consumer<String> both = line -> {
            said.add(line);
            say.accept(line);
        };
        plan.notes().forEach(n -> both.accept("note: " + n));
        requireUblk();
        long t0 = System.nanoTime();
        int warnBefore = KernelLog.warnings();
        EventLog trace = EventLog.recording();
        ScenarioHandler handler = new ScenarioHandler(plan);
        ReplayClient.Outcome outcome;
        List<EventLog.Entry> entries;
        String device;
        long tCreated, tIo;
        try (RamTarget ram = new RamTarget(plan.targetBytes());
             UblkDevice dev = create(plan, ram, handler, trace, both)) {
            device = dev.blockPath() + " (dev " + dev.id() + ")";
            tCreated = System.nanoTime();
            outcome = new ReplayClient(dev.blockPath(), plan.setup(), trace, handler).run(IO_TIMEOUT_MS);
            entries = trace.entries();
            tIo = System.nanoTime();
            if (dev.failure() != null) both.accept("server: queue daemon failed: " + dev.failure().getMessage());
        }
        handler.unknownRequests().forEach(u -> both.accept("server: a request no scenario IO explains: " + u));
        int warnAfter = KernelLog.warnings();
        int warnings = warnBefore < 0 || warnAfter < 0 ? -1 : warnAfter - warnBefore;
        long t1 = System.nanoTime();
        String phases = String.format("create %d ms, ios %d ms, delete %d ms", (tCreated - t0) / 1_000_000,
            (tIo - tCreated) / 1_000_000, (t1 - tIo) / 1_000_000);
        return new Recording(s, path, plan, RealTrace.of(plan.setup(), entries), outcome, warnings,
            System.getProperty("os.version"), device, (t1 - t0) / 1_000_000, phases, said);
    }

    /** {@link #judge(Recording, KernelVersion)} against the guest's own version. */
    public static Report judge(Recording r) {
        return judge(r, null);
    }

    /**
     * Conformance of the recorded trace against the model with the same variant at the kernel version
     * of the recording's kernel (or {@code explicit}), and the scenario's expect. A kernel the model has
     * no version for is refused ({@link Unexpressible}, naming the nearest one).
     */
    public static Report judge(Recording r, KernelVersion explicit) {
        GuestKernel k = GuestKernel.choose(r.kernel(), explicit);
        Setup judged = k.judgeSetup(r.plan().setup());
        long t0 = System.nanoTime();
        Conformance.Match c = variant(r.path()).modelled()
            ? Conformance.check(new Model(judged), r.trace().observations(), MAX_STATES) : null;
        Judgement e = Expectation.judge(r.plan().setup(), r.scenario().expect(), r.client(), r.warnings());
        return new Report(r, c, e, (System.nanoTime() - t0) / 1_000_000, k);
    }

    private static UblkDevice create(RealPlan plan, RamTarget ram, ScenarioHandler h, EventLog trace, Consumer<String> say) {
        try {
            return UblkDevice.create(plan.device(), ram, h, trace, say);
        } catch (UblkException e) {
            if (e.exitCode() == 2) throw new Unexpressible(e.getMessage());
            throw e;
        }
    }

    /** The report as printed lines (after the caller's seed= line). */
    public static List<String> describe(Report r) {
        List<String> out = new ArrayList<>();
        out.add("replay " + r.scenario().name() + " --variant " + r.path().word() + " on Linux " + r.recording().kernel()
            + ": " + r.recording().device() + ", " + r.trace().lines().size() + " events (" + r.phases() + ")");
        if (r.trace().requestsBefore() > 0) {
            out.add("  (" + r.trace().requestsBefore() + " requests before the first submit, the kernel's partition scan:"
                + " served, not in the trace)");
        }
        for (int i = 0; i < r.plan().setup().ios().size(); i++) {
            Long res = r.client().results().get(i);
            out.add("  io " + r.plan().setup().ios().get(i).id() + ": " + (res == null ? "no completion" : "result " + res));
        }
        r.client().stuck().forEach(st -> out.add("  stuck: " + st));
        r.client().mismatches().forEach(m -> out.add("  data: " + m));
        if (r.conformance() == null) {
            out.add("conformance: not judged: the model has no " + r.path().word() + " data path yet");
        } else if (r.conformance().conforms()) {
            out.add("conformance: the trace is a behaviour of the " + variant(r.path()).id() + " model at "
                + r.kernel().describe() + " (" + r.conformance().explained() + " observations explained)");
        } else {
            out.add("conformance: NOT a behaviour of the model at " + r.kernel().describe() + ": " + r.conformance().reason());
        }
        out.add("expectation " + (r.expectation().met() ? "met" : "NOT met") + ": " + r.expectation().reason());
        return out;
    }

    /** Writes the trace beside {@code file} and moves it into place. */
    public static void writeTrace(Report r, Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), ".trace", ".tmp");
        try {
            Files.writeString(tmp, r.trace().jsonLines(r.scenario(), r.conformance()));
            Files.move(tmp, abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
