package dev.ublklab.real.fidelity;

import dev.ublklab.model.KernelVersion;
import dev.ublklab.model.Model;
import dev.ublklab.model.Setup;
import dev.ublklab.real.replay.Recording;
import dev.ublklab.real.replay.Replay;
import dev.ublklab.sim.Conformance;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One campaign scenario's verdict: it conforms (the trace is a behaviour of the guest's model
 * version), diverges (with the first unexplained observation and what the model could have shown),
 * was refused (the real server cannot express it: the reason), or met an environment failure (the
 * guest died twice, a device could not be made), or timed out (it did not end within the recorder's
 * watchdog, twice: {@link Recorder#WATCHDOG_SECONDS}; a hang is ours or the kernel's to explain, so it
 * is no environment failure), or is undecided (the conformance search reached its state bound
 * first: neither verdict). Divergences are grouped by {@link #key}.
 *
 * @param witness the model run that explains a conforming trace (its events count as coverage)
 * @param kernelLog WARN, BUG and Oops lines of the scenario's dmesg, and a warn_count rise
 */
public record Judged(Scenario scenario, int index, Status status, String detail, String key, KernelVersion version,
                     String release, long recordMillis, long checkMillis, List<Step> witness, List<String> kernelLog,
                     Recording recording, Conformance.Match conformance) {

    /** What became of a scenario. */
    public enum Status { CONFORMS, DIVERGES, UNDECIDED, REFUSED, ENVIRONMENT, TIMEOUT }

    public String path() {
        return scenario.setup().config().variant().id();
    }

    static Judged refused(Scenario s, int index, String reason) {
        return new Judged(s, index, Status.REFUSED, reason, reasonKey(reason), null, null, 0, 0, List.of(), List.of(), null, null);
    }

    static Judged environment(Scenario s, int index, String why) {
        return new Judged(s, index, Status.ENVIRONMENT, why, why, null, null, 0, 0, List.of(), List.of(), null, null);
    }

    /** The conformance search's second bound, for a trace the first ({@link Replay#MAX_STATES}) left undecided. */
    static final int RETRY_STATES = 10 * Replay.MAX_STATES;

    /** How an unreadable recording is reported: the recorder's fault (ours), not the kernel's nor the guest's. */
    static final String RECORDING_ERROR = "recording error (the recorder's, not the kernel's): ";

    static Judged timeout(Scenario s, int index, String why) {
        return new Judged(s, index, Status.TIMEOUT, why, why, null, null, 0, 0, List.of(), List.of(), null, null);
    }

    /** Judges what the guest left for {@code s} in {@code traces}: its recording, refusal or error. */
    static Judged read(Scenario s, int index, Path traces) throws IOException {
        Path trace = traces.resolve(s.name() + ".jsonl");
        Path refused = traces.resolve(s.name() + ".refused"), error = traces.resolve(s.name() + ".error");
        if (Files.exists(refused)) return refused(s, index, Files.readString(refused).trim());
        if (Files.exists(error)) {
            String why = Files.readString(error).trim();
            return why.startsWith(Recorder.TIMED_OUT) ? timeout(s, index, why) : environment(s, index, why);
        }
        Path hung = traces.resolve(s.name() + ".hung");
        if (!Files.exists(Recording.outcomeFile(trace)) && Files.exists(hung)) return timeout(s, index, Files.readString(hung).trim());
        if (!Files.exists(Recording.outcomeFile(trace))) return environment(s, index, "no recording: the guest did not get to it");
        Recording r;
        try {
            r = Recording.read(s, trace);
        } catch (dev.ublklab.real.replay.Unexpressible e) {      // refused since it was recorded (a re-judge)
            return refused(s, index, e.getMessage());
        } catch (RuntimeException e) {                            // one bad recording must not end the campaign
            return environment(s, index, RECORDING_ERROR + e.getMessage());
        }
        List<String> log = kernelLog(traces.resolve(s.name() + ".dmesg"), r.warnings());
        KernelVersion v = Target.version(r.kernel());
        Setup setup;
        try {             // the replay's judging setup: the version, and tag policy any (the kernel's sbitmap picks)
            setup = new dev.ublklab.real.replay.GuestKernel(v, r.kernel(), false).judgeSetup(r.plan().setup());
        } catch (dev.ublklab.real.replay.Unexpressible e) {
            return refused(s, index, "judging on Linux " + r.kernel() + ": " + e.getMessage());
        }
        long t0 = System.nanoTime();
        Conformance.Witnessed w = Conformance.witness(new Model(setup), r.trace().observations(), Replay.MAX_STATES);
        if (w.result().reason().startsWith("search limit")) {
            // once more with a bound ten times higher before calling it undecided (7.3 scenario 260 of seed 20261204,
            // 2 queues with a crash plan: undecided at 200,000 states, conforms at 2,000,000 after 141 s here)
            w = Conformance.witness(new Model(setup), r.trace().observations(), RETRY_STATES);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Conformance.Match c = w.result();
        if (c.conforms()) {
            return new Judged(s, index, Status.CONFORMS, c.reason(), null, v, r.kernel(), r.millis(), ms, w.steps(), log, r, c);
        }
        String obs = c.failedAt() >= 0 && c.failedAt() < r.trace().observations().size()
            ? r.trace().observations().get(c.failedAt()).toString() : c.reason();
        if (c.reason().startsWith("search limit")) {         // neither verdict: the bounded search gave up
            return new Judged(s, index, Status.UNDECIDED, c.reason(), "search limit", v, r.kernel(), r.millis(), ms, List.of(), log, r, c);
        }
        String key = divergenceKey(obs, c.reason(), w.expected());
        String detail = c.reason() + "; the model could show: " + String.join(" | ", w.expected().stream().limit(6).toList());
        return new Judged(s, index, Status.DIVERGES, detail, key, v, r.kernel(), r.millis(), ms, List.of(), log, r, c);
    }

    /** WARN/BUG/Oops lines of a scenario's kernel messages, and a warn_count that rose. */
    static List<String> kernelLog(Path dmesg, int warnings) throws IOException {
        List<String> out = new ArrayList<>();
        if (Files.exists(dmesg)) {
            for (String line : Files.readAllLines(dmesg)) {
                if (line.contains("WARNING:") || line.contains("BUG:") || line.contains("Oops") || line.contains("general protection")
                    || line.contains("Call Trace") || line.contains("blocked for more than")) out.add(line.trim());
            }
        }
        if (warnings > 0) out.add("/sys/kernel/warn_count rose by " + warnings);
        return out;
    }

    private static final Pattern IDS = Pattern.compile("\\b(io|q|tag)\\d+\\b");
    private static final Pattern NUMBERS = Pattern.compile("(?<![-\\w])[1-9]\\d*");

    /**
     * The divergence's kind: the first unexplained observation and what the model could show
     * instead, with IO names, queues, tags and positive numbers blanked (0, negative results, errnos and
     * sector -1 are kept: they are what tells divergences apart).
     */
    static String divergenceKey(String observation, String reason, List<String> expected) {
        String what = reason.startsWith("search limit") ? "search limit at " + blank(observation) : blank(observation);
        java.util.TreeSet<String> kinds = new java.util.TreeSet<>();
        for (String e : expected) kinds.add(blank(e));
        return what + " | model: " + (kinds.isEmpty() ? "nothing" : String.join(" / ", kinds));
    }

    static String blank(String s) {
        return NUMBERS.matcher(IDS.matcher(s).replaceAll("$1#")).replaceAll("#");
    }

    /** A refusal's reason without the IO names and numbers, so that equal reasons count together. */
    static String reasonKey(String reason) {
        String r = reason.startsWith("server.plans.") ? reason.substring(reason.indexOf(':') + 2) : reason;
        return blank(r.replaceAll("^io \\S+: ", "").replaceAll("\\bio\\w*\\b", "io#"));
    }
}
