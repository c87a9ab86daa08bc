package dev.ublklab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.Model;
import dev.ublklab.sim.check.Checker;
import dev.ublklab.sim.check.Options;
import dev.ublklab.sim.check.CheckResult;
import dev.ublklab.trace.Entry;
import dev.ublklab.trace.EventType;
import dev.ublklab.trace.Rewrite;
import dev.ublklab.trace.Src;
import dev.ublklab.trace.TraceReader;
import dev.ublklab.trace.Verdict;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator's and the checker's traces, read by the one reader and written back byte for byte. */
class TraceRoundTripTest {
    @Test
    void everyBundledScenarioTraceRoundTrips() throws Exception {
        for (Path p : Bundled.all()) {
            Scenario s = Bundled.load(p);
            String text = DeterminismTest.trace(s, 5);
            assertEquals(text, Rewrite.of(text), p.toString());
        }
    }

    @Test
    void checkerCounterexampleRoundTripsAndReplays() {
        Scenario s = Bundled.load(Bundled.root().resolve("rfc-v1/early-commit-mid-splice-writes-released-page.json"));
        Model m = new Model(s.setup());
        CheckResult r = Checker.check(m, Options.defaults().withInvariants(s.expect().checked()).withMaxStates(1_000_000));
        assertInstanceOf(CheckResult.Violated.class, r);
        StringBuilder b = new StringBuilder();
        SimTrace.writeCounterexample(b, s, m, r);
        String text = b.toString();
        assertEquals(text, Rewrite.of(text));
        TraceReader in = new TraceReader(new BufferedReader(new StringReader(text)), "cex");
        assertEquals(Src.CHECK, in.header().src());
        int n = 0;
        while (in.next() != null) {
            n++;
        }
        assertEquals(Verdict.VIOLATED, in.end().verdict());
        assertEquals("no-page-after-release", in.end().invariant());
        assertEquals(((CheckResult.Violated) r).minimised().size(), n);
        assertEquals(n, in.end().schedule().size());
    }

    /**
     * Every step that acts on an IO names it: in the early-commit scenario the server's splice
     * producer (8), the adversary's commit of r1's tag (9) and the consumer that writes r1's
     * released page (11) all name r1, though none of those events has an io field of its own.
     */
    @Test
    void workerAndAdversaryStepsNameTheirIo() {
        Scenario s = Bundled.load(Bundled.root().resolve("rfc-v1/early-commit-mid-splice-writes-released-page.json"));
        Run run = Simulator.of(s).run(Chooser.replay(s.schedule()), true);
        List<Entry> entries = SimTrace.entries(run, Src.SIM);
        List<String> named = new ArrayList<>();
        for (Entry e : entries) {
            named.add(e.seq() + " " + e.event().type().wire() + " " + (e.event().hasIo() ? s.setup().ios().get(e.event().io()).id() : "-"));
        }
        assertEquals("8 spliceRead r1", named.get(7), named.toString());
        assertEquals("9 adversary r1", named.get(8), named.toString());
        assertEquals("11 spliceConsume r1", named.get(10), named.toString());
        for (Entry e : entries) {
            if (e.event().type() != EventType.CRASH) {
                assertTrue(e.event().hasIo(), "step " + e.seq() + " " + e.event().type() + " names no IO: " + named);
            }
        }
    }
}
