package dev.ublklab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.trace.Rewrite;
import dev.ublklab.viz.StateAt;
import dev.ublklab.viz.TraceData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `view` hands the viewer: the model-state pane for traces from anywhere, and runs in memory. */
class ViewTraceTest {
    /**
     * A trace written by `run --trace`, moved to a directory of its own and opened with the current
     * directory elsewhere (the tests run in cli/, not the project directory): its header names the
     * scenario relative to the project, so the state pane is still there.
     */
    @Test
    void aTraceOpenedFromAnotherDirectoryKeepsItsStatePane(@TempDir Path tmp) throws Exception {
        Path written = tmp.resolve("t.jsonl");
        CliTest.Result r = CliTest.run("run", CliTest.scenarios().resolve("copy/read-basic.json").toAbsolutePath().toString(),
                "--trace", written.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(Files.readString(written).contains("\"scenarioFile\":\"scenarios/copy/read-basic.json\""),
                "the header names the scenario relative to the project directory");
        Path elsewhere = Files.createDirectories(tmp.resolve("far/away")).resolve("moved.jsonl");
        Files.move(written, elsewhere);
        assertTrue(Files.notExists(Path.of("").toAbsolutePath().resolve("scenarios")), "the current directory is not the project's");
        ViewCommand.Loaded l = ViewCommand.load(elsewhere, null);
        StateAt s = l.states();
        assertNotNull(s.after(0), "state after the first event");
        assertTrue(s.after(0).contains("r1"), s.after(0));
        assertNull(s.after(l.trace().events().size()), "no state past the last event");
    }

    /** A scenario is run in memory: the same events and states as its trace file, no temporary file. */
    @Test
    void aScenarioIsHandedOverInMemory(@TempDir Path tmp) throws Exception {
        Path scenario = CliTest.scenarios().resolve("copy/read-basic.json");
        ViewCommand.Loaded mem = ViewCommand.load(scenario, null);
        Path file = tmp.resolve("t.jsonl");
        assertEquals(0, CliTest.run("run", scenario.toString(), "--trace", file.toString()).code());
        ViewCommand.Loaded read = ViewCommand.load(file, null);
        TraceData a = mem.trace();
        TraceData b = read.trace();
        assertEquals(a.header(), b.header());
        assertEquals(a.events().size(), b.events().size());
        for (int i = 0; i < a.events().size(); i++) {
            assertEquals(a.events().type(i), b.events().type(i));
            assertEquals(a.events().io(i), b.events().io(i));
            assertEquals(mem.states().after(i), read.states().after(i), "state after event " + i);
        }
    }

    /** check --trace writes the counterexample; the one reader reads it and the one writer writes it back. */
    @Test
    void checkWritesItsCounterexampleAsATrace(@TempDir Path tmp) throws Exception {
        Path t = tmp.resolve("cex.jsonl");
        CliTest.Result r = CliTest.run("check", CliTest.scenarios().resolve("rfc-v1/early-commit-mid-splice-writes-released-page.json")
                .toString(), "--trace", t.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        String text = Files.readString(t);
        assertTrue(text.startsWith("{\"trace\":\"ublk-lab\",\"version\":1,\"src\":\"check\""), text);
        assertTrue(text.contains("{\"end\":{\"verdict\":\"violated\",\"invariant\":\"no-page-after-release\""), text);
        assertEquals(text, Rewrite.of(text));
        assertNotNull(ViewCommand.load(t, null).states().after(0), "the state pane of a counterexample");
    }

    /**
     * A guest recording opened with `view`: the State tab explains it with the model version of the
     * kernel its .outcome.json sidecar names (6.12 here), as `replay` judges it.
     */
    @Test
    void aRealTraceIsExplainedAtTheRecordedKernel() throws Exception {
        Path rec = CliTest.scenarios().resolveSibling("real/src/test/resources/replay/commit-error.copy.jsonl");
        ViewCommand.Loaded l = ViewCommand.load(rec, null, null);
        dev.ublklab.viz.ModelReplay r = (dev.ublklab.viz.ModelReplay) l.states();
        assertNull(r.unexplained(), r.unexplained());
        assertTrue(r.against().contains("kernel 6.12 (chosen from uname -r 6.12.117+deb12-amd64)"), r.against());
        assertEquals(l.trace().events().size(), r.replayed());
        assertTrue(r.after(1).contains("r1"), r.after(1));
    }

    /**
     * A divergence kept under scenarios/divergences (NAME.trace.jsonl beside NAME.scenario, no sidecar):
     * on the scenario's own version (simplified) the model cannot explain it and the tab names the
     * observation; with --kernel 6.12 (del_gendisk's dead disk) every event has a state.
     */
    @Test
    void aKeptDivergenceIsExplainedWithKernel() {
        Path d00 = CliTest.scenarios().resolve("divergences/6.12/d00-complete-io-result-0-model-fetch-q-tag-READ-sector-bytes.trace.jsonl");
        dev.ublklab.viz.ModelReplay simplified = (dev.ublklab.viz.ModelReplay) ViewCommand.load(d00, null, null).states();
        assertTrue(simplified.against().contains("kernel simplified (the scenario's"), simplified.against());
        assertTrue(simplified.unexplained() != null && simplified.unexplained().contains("cannot explain observation"),
                String.valueOf(simplified.unexplained()));
        ViewCommand.Loaded on612 = ViewCommand.load(d00, null, "6.12");
        dev.ublklab.viz.ModelReplay r = (dev.ublklab.viz.ModelReplay) on612.states();
        assertNull(r.unexplained(), r.unexplained());
        assertEquals(on612.trace().events().size(), r.replayed());
    }

    /** render --kernel: the same schedule on two kernel versions, each side named by its kernel. */
    @Test
    void aKernelDiffNamesTheKernelOnEachSide(@TempDir Path tmp) throws Exception {
        Path svg = tmp.resolve("k.svg");
        CliTest.Result r = CliTest.run("render", CliTest.scenarios().resolve("copy/short-write-requeues-on-6.12.json").toString(),
                "--kernel", "7.3", "--out", svg.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        String text = Files.readString(svg);
        assertTrue(text.contains("A (top: kernel 6.12) vs B (bottom: kernel 7.3): first divergence"), text);
        assertTrue(text.contains("kernel 6.12, seed 32]") && text.contains("kernel 7.3, seed 32]"), "both titles name their kernel");
    }
}
