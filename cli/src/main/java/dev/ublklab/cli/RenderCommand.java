package dev.ublklab.cli;

import dev.ublklab.viz.Viz;
import dev.ublklab.viz.VizException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "render", mixinStandardHelpOptions = true,
        header = "Export a trace or a scenario as PNG, SVG, Perfetto JSON or CSV, with no display.",
        description = {"Export a trace (or a scenario, run first) with no display:",
                ".png/.svg image, .json Perfetto/Chrome trace events (ui.perfetto.dev), .csv per-IO phase latencies.",
                "With --diff OTHER, a .png/.svg of both traces with their first divergence.",
                "A fidelity campaign's COVERAGE.csv renders as a .png/.svg bar chart."})
final class RenderCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TRACE|SCENARIO|COVERAGE.csv")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "output file; its extension picks the format")
    Path out;

    @Option(names = "--diff", paramLabel = "OTHER", description = "a second trace or scenario to compare with")
    Path diff;

    @Option(names = "--seed", description = "seed for running a scenario (default: its own)")
    Long seed;

    @Option(names = "--variant", paramLabel = "V", description = "with .png/.svg: the scenario's interleaving on its own"
            + " variant above the same events replayed on V, aligned on events, the first divergence marked")
    String variant;

    @Option(names = "--kernel", paramLabel = "K", description = "with .png/.svg: as --variant, the same events on kernel version K")
    String kernel;

    @Override
    public Integer call() {
        Outputs.precheck(out);
        if (file.getFileName().toString().endsWith(".csv")) {        // a fidelity campaign's COVERAGE.csv: a bar chart
            try {
                dev.ublklab.viz.CoverageChart.render(file, out);
            } catch (VizException e) {
                throw new Main.BadInput(e.getMessage());
            }
            System.out.println("wrote " + out);
            return Main.MET;
        }
        try {
            if (variant != null || kernel != null) {
                Viz.renderDiff(ViewCommand.traceOf(file, seed), ViewCommand.onVariant(file, seed, variant, kernel, diff), out);
            } else if (diff != null) {
                Viz.renderDiff(ViewCommand.traceOf(file, seed), ViewCommand.traceOf(diff, seed), out);
            } else if (file.toString().endsWith(".json")) {   // a scenario run here: its model states find a livelock's lasso
                ViewCommand.Loaded run = ViewCommand.load(file, seed);
                Viz.render(run.trace(), run.states(), out);
            } else {
                Viz.render(file, out);
            }
        } catch (VizException e) {
            throw new Main.BadInput(e.getMessage());
        }
        System.out.println("wrote " + out);
        return Main.MET;
    }
}
