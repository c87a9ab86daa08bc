package dev.ublklab.cli;

import dev.ublklab.real.ublk.UblkServerMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code serve}: the Java ublk server as a daemon on this kernel (kublk's {@code add --foreground}). The
 * options are checked by {@link UblkServerMain}, so that every bad value is one line and exit 2.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve one ublk device from this process until SIGINT/SIGTERM, then delete it.",
                "STOP_DEV + DEL_DEV on every exit path; a SIGKILLed server's device is deleted by the",
                "next run. Needs a kernel with ublk_drv (run it in the guest: real/vm/run-in-vm.sh).",
                "Prints 'ready <dev_id> /dev/ublkbN' once the device is up. Exit 2: bad input or a",
                "kernel without what is asked; 1: a queue failed or the device was stopped from outside;",
                "128+signal after a signal."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--target", paramLabel = "ram|file:PATH", description = "RAM (memfd) or an existing regular file (default ram)")
    String target;

    @Option(names = "--size", paramLabel = "N", description = "RAM size: bytes, or with K, M, G (default 64M)")
    String size;

    @Option(names = "--queues", paramLabel = "Q", description = "hardware queues, one daemon thread each (default 1)")
    String queues;

    @Option(names = "--depth", paramLabel = "D", description = "tags per queue (default 64)")
    String depth;

    @Option(names = "--mode", paramLabel = "M", description = "copy | user-copy | zero-copy (default copy)")
    String mode;

    @Option(names = "--trace", paramLabel = "FILE", description = "write the server's trace (JSON Lines) at exit")
    String trace;

    @Override
    public Integer call() {
        List<String> args = new ArrayList<>();
        add(args, "--target", target);
        add(args, "--size", size);
        add(args, "--queues", queues);
        add(args, "--depth", depth);
        add(args, "--mode", mode);
        add(args, "--trace", trace);
        System.out.println("seed=none (a server)");
        return UblkServerMain.run(args.toArray(String[]::new), System.out, System.err);
    }

    private static void add(List<String> args, String opt, String v) {
        if (v != null) args.addAll(List.of(opt, v));
    }
}
