package dev.ublklab.real.replay;

import dev.ublklab.real.sys.ErrnoException;
import dev.ublklab.real.ublk.DataPath;
import dev.ublklab.real.ublk.UblkException;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioCodec;
import dev.ublklab.sim.ScenarioException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code ReplayMain SCENARIO [--variant copy|user-copy|zero-copy] [--trace out.jsonl] [--record-only]}: one
 * replay on this machine's kernel. Exit 0 when the trace conforms and the expectation is met, 1
 * otherwise, 2 for bad input or an unsupported kernel. {@code --record-only} (the guest side of
 * {@code ublk-lab replay --real --vm}) writes the trace and its outcome sidecar ({@link Recording}) and
 * leaves the judging to the host: exit 0 once they are written.
 */
public final class ReplayMain {
    private ReplayMain() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** The whole command; never throws for bad input. */
    public static int run(String[] args) {
        try {
            Path file = null, trace = null;
            String variant = null;
            boolean recordOnly = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--variant" -> variant = value(args, ++i);
                    case "--trace" -> trace = Path.of(value(args, ++i));
                    case "--record-only" -> recordOnly = true;
                    default -> {
                        if (args[i].startsWith("-") || file != null) throw new Unexpressible("unknown argument " + args[i]);
                        file = Path.of(args[i]);
                    }
                }
            }
            if (file == null) throw new Unexpressible("usage: ReplayMain SCENARIO [--variant V] [--trace FILE]");
            if (recordOnly && trace == null) throw new Unexpressible("--record-only needs --trace FILE");
            return replay(ScenarioCodec.read(file), variant, trace, recordOnly);
        } catch (ScenarioException | Unexpressible e) {
            System.err.println("replay: " + e.getMessage());
            return 2;
        } catch (UblkException e) {
            System.err.println("replay: " + e.getMessage());
            return e.exitCode() == 2 ? 2 : 1;
        } catch (ErrnoException | IOException e) {
            System.err.println("replay: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) throw new Unexpressible("missing value after " + args[i - 1]);
        return args[i];
    }

    static int replay(Scenario s, String variant, Path trace, boolean recordOnly) throws InterruptedException, IOException {
        DataPath path = RealPlan.dataPath(variant != null ? variant : s.setup().config().variant().id());
        System.out.println("seed=" + s.seed());
        Recording rec = Replay.record(s, path, System.out::println);
        if (recordOnly) {
            rec.write(trace);
            System.out.println("recorded " + rec.trace().lines().size() + " events (" + rec.phases() + "): " + trace);
            return 0;
        }
        Replay.Report r = Replay.judge(rec);
        Replay.describe(r).forEach(System.out::println);
        if (trace != null) {
            Replay.writeTrace(r, trace);
            System.out.println("trace: " + trace + " (" + r.trace().lines().size() + " events)");
        }
        return r.exitCode();
    }
}
