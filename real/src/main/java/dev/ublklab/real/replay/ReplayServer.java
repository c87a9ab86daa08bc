package dev.ublklab.real.replay;

import dev.ublklab.real.trace.EventLog;
import dev.ublklab.real.ublk.Commit;
import dev.ublklab.real.ublk.DataPath;
import dev.ublklab.real.ublk.RamTarget;
import dev.ublklab.real.ublk.Request;
import dev.ublklab.real.ublk.UblkDevice;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioCodec;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code ReplayServer SCENARIO VARIANT}: the scenario's server in a process of its own, for plans that
 * crash the server (Handling.Crash halts the process; the client and the trace live in the parent,
 * {@link CrashReplay}). Prints {@code ready <id> <block>} once the device is started, then one line
 * per fetch ({@code fetch <nanoTime> <q> <tag> <op> <sector> <nrSectors>}) and per commit
 * ({@code commit <nanoTime> <q> <tag> <result>}), each flushed before the server acts on it. Deletes
 * the device and exits 0 when its stdin closes, unless a plan crashed it first. Its stdin carries
 * {@code submit <io>} (answered with {@code ack <io>} once the handler knows the IO is in flight) and
 * {@code complete <io>}, so that requests are matched to IOs in flight, never to the kernel's own.
 */
public final class ReplayServer {
    private ReplayServer() {}

    public static void main(String[] args) throws Exception {
        Scenario s = ScenarioCodec.read(Path.of(args[0]));
        DataPath path = RealPlan.dataPath(args[1]);
        RealPlan plan = RealPlan.of(Replay.setupFor(s, path), path, true);
        PrintStream out = System.out;
        ScenarioHandler h = new ScenarioHandler(plan, new ScenarioHandler.Observer() {
            @Override public void fetched(Request r) {
                line(out, "fetch " + System.nanoTime() + " " + r.queue() + " " + r.tag() + " " + r.opName() + " "
                    + r.startSector() + " " + r.nrSectors());
            }

            @Override public void committed(Commit c) {
                line(out, "commit " + System.nanoTime() + " " + c.request().queue() + " " + c.request().tag() + " " + c.result());
            }
        });
        try (RamTarget ram = new RamTarget(plan.targetBytes());
             UblkDevice dev = UblkDevice.create(plan.device(), ram, h, EventLog.off(), m -> line(out, "say " + m))) {
            line(out, "ready " + dev.id() + " " + dev.blockPath());
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
            for (String l; (l = in.readLine()) != null; ) {               // until the replay closes our stdin
                String[] f = l.split(" ");
                if (f[0].equals("submit")) {
                    h.submitted(f[1]);
                    line(out, "ack " + f[1]);
                } else if (f[0].equals("complete")) {
                    h.completed(f[1]);
                }
            }
        }
        System.exit(0);
    }

    private static void line(PrintStream out, String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }
}
