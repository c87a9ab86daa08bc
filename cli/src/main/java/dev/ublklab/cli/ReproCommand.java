package dev.ublklab.cli;

import dev.ublklab.real.repro.Repro;
import dev.ublklab.real.ublk.Control;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "repro", mixinStandardHelpOptions = true,
        header = "Build a kernel finding's standalone reproducer (repro/NAME.c) and run it here or in the guest.",
        description = {"Build a kernel finding's standalone reproducer (repro/NAME.c) with",
                "gcc -Wall -O2 on this host and run it here, or with --vm in the project's",
                "guest (which gets the binary, not gcc). Its exit code is passed on:",
                "1 the kernel shows the behaviour, 0 it does not, 2 it cannot run (or bad input)."})
final class ReproCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.c", description = "the reproducer's C source")
    Path file;

    @Option(names = "--vm", description = "run inside the project's QEMU guest (real/vm/run-in-vm.sh)")
    boolean vm;

    @Option(names = "--suite", paramLabel = "S", description = "with --vm: guest kernel suite (trixie-backports: 7.3)")
    String suite;

    @Option(names = "--module", paramLabel = "KO", description = "with --vm: a ublk_drv.ko built for the guest's kernel, loaded instead of its own")
    Path module;

    @Override
    public Integer call() throws Exception {
        if (!vm && (suite != null || module != null)) throw new Main.BadInput("--suite and --module need --vm");
        if (module != null && !Files.isRegularFile(module)) throw new Main.BadInput("--module " + module + ": no such file");
        Path out = Scenarios.home().getParent().resolve("target").resolve("repro");
        Path bin;
        try {
            Files.createDirectories(out);
            String name = file.getFileName().toString();
            bin = Repro.build(file, out, out.resolve(name + ".gcc.log"));
        } catch (Repro.BuildFailure e) {
            throw new Main.BadInput(e.getMessage());
        } catch (IOException e) {
            throw new Main.BadInput("repro: cannot write " + out + ": " + e.getMessage());
        }
        System.out.println("built " + bin + " (gcc -Wall -O2)");
        if (!vm) {
            if (!Control.available()) {
                throw new Main.BadInput("no " + Control.CONTROL + " here (the kernel has no ublk_drv loaded): run it in the"
                    + " project's VM with --vm");
            }
            return Repro.runHere(bin);
        }
        int rc = Repro.runInVm(bin, suite, module, out.resolve("vm"));
        if (rc == 97) throw new Main.BadInput("the kernel for --suite " + suite + " could not be obtained");
        if (rc == 99) throw new IllegalStateException("the guest failed (boot, panic or timeout); console: "
            + out.resolve("vm").resolve("console.log"));
        return rc;
    }
}
