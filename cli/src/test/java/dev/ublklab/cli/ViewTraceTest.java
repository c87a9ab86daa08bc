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
}
