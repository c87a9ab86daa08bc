package dev.ublklab.real.ublk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ublklab.real.client.IoClient;
import dev.ublklab.real.client.IoClient.Io;
import dev.ublklab.real.client.IoClient.Completion;
import dev.ublklab.real.sys.Errno;
import dev.ublklab.real.sys.ErrnoException;
import dev.ublklab.real.trace.EventLog;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed with SIGKILL mid-IO: the IO must not hang (it fails), /dev/ublkbN must go away, and
 * the device left added in the kernel must be deleted by the next run's ledger sweep, which says so.
 */
class ServerKillTest {
    @Test
    void sigkillMidIoFailsTheIoAndTheNextRunDeletesTheDevice(@TempDir Path cache) throws Exception {
        assumeTrue(Control.available(), "no /dev/ublk-control (run in the VM: real/vm/run-real-tests.sh)");
        Child server = Child.start(cache, "--delay-writes-ms", "600000");
        int id = server.id;
        Path block = server.block;

        // open the client here: under TCG the first FFM linkage in a JVM takes a second or more
        IoClient client = new IoClient(block, 16L << 20, 1, 1 << 20, EventLog.off());
        CompletableFuture<List<Completion>> io = CompletableFuture.supplyAsync(
            () -> client.run(List.of(new Io(1, true, 0, List.of(4096)))));  // the server will hold this WRITE
        Thread.sleep(3000);
        assertFalse(io.isDone(), "the delayed WRITE should still be in flight");
        server.process.destroyForcibly();                                            // SIGKILL
        assertEquals(137, server.process.waitFor());

        List<Completion> rs = io.get(60, TimeUnit.SECONDS);                       // must not hang
        client.close();
        assertTrue(rs.get(0).res() < 0, "the IO in flight at the kill must fail, got " + rs.get(0).res());
        for (int i = 0; i < 500 && Files.exists(block); i++) Thread.sleep(20);
        assertFalse(Files.exists(block), block + " must go away when the server dies");

        List<String> said = new ArrayList<>();
        try (Control c = Control.open()) {
            said.addAll(new DeviceLedger(cache.resolve("real").resolve("ublk-devices")).sweep(c));
            assertTrue(said.stream().anyMatch(s -> s.contains("leftover ublk device " + id)), "sweep said " + said);
            ErrnoException gone = org.junit.jupiter.api.Assertions.assertThrows(ErrnoException.class, () -> c.getDevInfo(id));
            assertEquals(Errno.ENODEV, gone.errno());
        }
        System.out.println("kill test: io res " + rs.get(0).res() + "; " + said);
    }

    /** SIGTERM: the shutdown hook STOP_DEV+DEL_DEVs the device and clears the ledger. */
    @Test
    void sigtermDeletesTheDevice(@TempDir Path cache) throws Exception {
        assumeTrue(Control.available(), "no /dev/ublk-control (run in the VM: real/vm/run-real-tests.sh)");
        Child server = Child.start(cache);
        server.process.destroy();                                            // SIGTERM
        assertEquals(143, server.process.waitFor());
        assertFalse(Files.exists(server.block));
        try (Control c = Control.open()) {
            ErrnoException gone = org.junit.jupiter.api.Assertions.assertThrows(ErrnoException.class,
                () -> c.getDevInfo(server.id));
            assertEquals(Errno.ENODEV, gone.errno());
        }
        assertEquals("", Files.readString(cache.resolve("real").resolve("ublk-devices")));
    }

    /** UblkServerMain in a child JVM, after it printed "ready <id> <block path>". */
    record Child(Process process, int id, Path block) {
        static Child start(Path cache, String... extra) throws Exception {
            List<String> args = new ArrayList<>(List.of("--size", "16M"));
            args.addAll(List.of(extra));
            return serve(cache, args.toArray(String[]::new));
        }

        /** The server with exactly these arguments. */
        static Child serve(Path cache, String... args) throws Exception {
            Path classes = Path.of(UblkServerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            List<String> cmd = new ArrayList<>(List.of(java.toString(), "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-Dublklab.cache=" + cache, "-cp", classes.toString(),
                UblkServerMain.class.getName()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String ready = new BufferedReader(new InputStreamReader(p.getInputStream())).readLine();
            assertTrue(ready != null && ready.startsWith("ready "), "server said: " + ready);
            String[] f = ready.split(" ");
            return new Child(p, Integer.parseInt(f[1]), Path.of(f[2]));
        }
    }
}
