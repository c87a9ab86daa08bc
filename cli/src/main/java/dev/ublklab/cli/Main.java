package dev.ublklab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ublk-lab}: exit 0 when the expectation is met, 1 when it is not, 2 on bad input. */
@Command(name = "ublk-lab", mixinStandardHelpOptions = true, version = "ublk-lab 0.1",
        description = "Make the interleavings of ublk zero-copy protocols visible and checkable.",
        subcommands = {RunCommand.class, SimCommand.class, CheckCommand.class, ScenariosCommand.class, DemoCommand.class,
                KernelsCommand.class, ViewCommand.class, RenderCommand.class, BenchCommand.class, ReplayCommand.class,
                ReproCommand.class, FidelityCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int MET = 0;
    public static final int NOT_MET = 1;
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            if (ex instanceof BadInput) {
                cmd.getErr().println("ublk-lab: " + msg);
                return BAD_INPUT;
            }
            // Not the input's fault: a bug of ours. One line, and the trace for whoever debugs it.
            cmd.getErr().println("ublk-lab: internal error: " + msg
                    + (System.getenv("UBLK_LAB_DEBUG") != null ? "" : " (UBLK_LAB_DEBUG=1 prints the stack trace)"));
            if (System.getenv("UBLK_LAB_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            return 3;
        });
        // serve is a daemon that scripts start: a bad option is one line, as its bad values are
        CommandLine.IParameterExceptionHandler usage = cl.getParameterExceptionHandler();
        cl.setParameterExceptionHandler((ex, a) -> {
            if (!ex.getCommandLine().getCommandName().equals("serve")) return usage.handleParseException(ex, a);
            ex.getCommandLine().getErr().println("ublk-lab serve: " + ex.getMessage() + " (see serve --help)");
            return BAD_INPUT;
        });
        return cl.execute(args);
    }

    /** Bad input found after parsing (a malformed scenario, a missing file): printed as one line, exit 2. */
    static final class BadInput extends RuntimeException {
        BadInput(String message) {
            super(message, null, false, false);
        }
    }
}
