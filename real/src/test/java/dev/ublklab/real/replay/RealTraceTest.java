package dev.ublklab.real.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.Model;
import dev.ublklab.real.trace.EventLog;
import dev.ublklab.real.trace.RealEvent;
import dev.ublklab.sim.Conformance;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.SimTrace;
import dev.ublklab.trace.Observation;
import dev.ublklab.trace.Rewrite;
import dev.ublklab.trace.Src;
import dev.ublklab.trace.TraceWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recorded entries → observations and JSON Lines, and recordings from the 6.12 guest judged here. */
class RealTraceTest {
    private static Path resource(String name) throws Exception {
        return Path.of(RealTraceTest.class.getResource("/replay/" + name).toURI());
    }

    @Test
    void entriesBecomeObservationsFromTheFirstSubmitOn() {
        Scenario s = Bundled.load("copy/read-basic");
        List<EventLog.Entry> entries = List.of(
            new EventLog.Entry(0, 1, new RealEvent.Fetch(0, 0, "READ", 0, 8)),          // partition scan
            new EventLog.Entry(1, 2, new RealEvent.Commit(0, 0, 4096)),
            new EventLog.Entry(2, 3, new RealEvent.Submit(0, "READ", 4096, 4096, 1)),
            new EventLog.Entry(3, 4, new RealEvent.Fetch(0, 0, "READ", 8, 8)),
            new EventLog.Entry(4, 5, new RealEvent.Transfer(0, 0, "READ", 4096, 4096, 4096)),
            new EventLog.Entry(5, 6, new RealEvent.Commit(0, 0, 4096)),
            new EventLog.Entry(6, 7, new RealEvent.Complete(0, 4096)));
        RealTrace t = RealTrace.of(s.setup(), entries);
        assertEquals(1, t.requestsBefore());
        assertEquals(List.of(Observation.submit("r1"), Observation.fetch(0, 0, "READ", 8, 4096), Observation.commit(0, 0, 4096),
            Observation.complete("r1", 4096)), t.observations());
        assertTrue(Conformance.check(new Model(s.setup()), t.observations(), 10_000).conforms());
        String jsonl = t.jsonLines(s, null);
        StringBuilder header = new StringBuilder();
        new TraceWriter(header).header(SimTrace.header(s, Src.REAL, s.seed()));
        assertTrue(jsonl.startsWith(header.toString()), "the simulator's header, src real");
        assertEquals(jsonl, Rewrite.of(jsonl), "read by the one reader, written back byte for byte");
        assertTrue(jsonl.contains("\"event\":{\"type\":\"fetch\",\"queue\":0,\"tag\":0,\"io\":\"r1\",\"op\":\"READ\",\"sector\":8,\"bytes\":4096}"), jsonl);
        assertTrue(jsonl.contains("\"sqe\":\"BACKEND_READ\",\"len\":4096,\"fileOff\":4096"), jsonl);
    }

    @Test
    void guestRecordingsAreJudgedOnTheHost() throws Exception {
        for (String name : List.of("reverse-order.copy", "commit-error.copy", "tag-exhaustion-depth2.user-copy")) {
            Scenario s = Bundled.load("copy/" + name.substring(0, name.indexOf('.')));
            Replay.Report r = Replay.judge(Recording.read(s, resource(name + ".jsonl")));
            assertTrue(r.conformance().conforms(), name + ": " + r.conformance().reason());
            assertTrue(r.expectation().met(), name + ": " + r.expectation().reason());
            assertEquals(0, r.exitCode());
        }
    }

    /** Traces recorded in the 6.12 guest: read by the one reader and written back byte for byte. */
    @Test
    void recordedGuestTracesRoundTrip() throws Exception {
        for (String name : List.of("reverse-order.copy", "commit-error.copy", "tag-exhaustion-depth2.user-copy", "two-queues.copy")) {
            String text = Files.readString(resource(name + ".jsonl"));
            assertEquals(text, Rewrite.of(text), name);
        }
    }

    /** blk_rq_init leaves a flush request's __sector at (sector_t)-1, and the model's FLUSH fetch says so too. */
    @Test
    void twoQueuesConformsWithTheFlushFetchAtSectorMinusOne() throws Exception {
        Replay.Report r = Replay.judge(Recording.read(Bundled.load("copy/two-queues"), resource("two-queues.copy.jsonl")));
        assertTrue(r.conformance().conforms(), r.conformance().reason());
        assertTrue(r.expectation().met(), r.expectation().reason());
        assertEquals(0, r.exitCode());
    }

    @Test
    void aCrashedServersStreamMergesWithTheClientByTime() {
        Scenario s = Bundled.load("copy/crash-during-io");
        RealPlan plan = RealPlan.of(s.setup(), dev.ublklab.real.ublk.DataPath.COPY, true);
        assertEquals(new dev.ublklab.real.ublk.Handling.Crash(137),
            plan.decisions().get(0).handling(new dev.ublklab.real.ublk.Request(0, 0, 0, 0, 0, 8)));
        long base = 1_000_000;
        List<EventLog.Entry> server = List.of(new EventLog.Entry(0, base + 20, new RealEvent.Fetch(0, 0, "READ", 0, 8)));
        List<EventLog.Entry> client = List.of(new EventLog.Entry(0, 10, new RealEvent.Submit(0, "READ", 0, 4096, 1)),
            new EventLog.Entry(1, 30, new RealEvent.Complete(0, -5)));
        List<EventLog.Entry> all = CrashReplay.merge(server, client, base);
        assertEquals(List.of(10L, 20L, 30L), all.stream().map(EventLog.Entry::t).toList());
        RealTrace t = RealTrace.of(plan.setup(), all);
        assertEquals(List.of(Observation.submit("r1"), Observation.fetch(0, 0, "READ", 0, 4096), Observation.complete("r1", -5)),
            t.observations());
        assertTrue(Conformance.check(new Model(plan.setup()), t.observations(), 100_000).conforms(), "the crash is silent");
    }

    @Test
    void writeThenReadBackIsTheSameTrace(@TempDir Path dir) throws Exception {
        Scenario s = Bundled.load("copy/reverse-order");
        Recording rec = Recording.read(s, resource("reverse-order.copy.jsonl"));
        Path f = dir.resolve("t.jsonl");
        rec.write(f);
        Recording again = Recording.read(s, f);
        assertEquals(rec.trace().observations(), again.trace().observations());
        assertEquals(rec.client(), again.client());
        String events = Files.readString(resource("reverse-order.copy.jsonl"));
        String back = Files.readString(f);
        assertEquals(events.substring(events.indexOf('\n')), back.substring(back.indexOf('\n')), "the events, byte for byte");
    }

    /** Zero copy: the server's REGISTER_IO_BUF / UNREGISTER_IO_BUF CQEs are observations, its fixed read is recorded only. */
    @Test
    void zeroCopyCqesAreObservedAndRoundTrip(@TempDir Path dir) throws Exception {
        Scenario s = Bundled.load("zero-copy/read-write-basic");
        List<EventLog.Entry> entries = List.of(
            new EventLog.Entry(0, 1, new RealEvent.Submit(0, "READ", 0, 8192, 2)),
            new EventLog.Entry(1, 2, new RealEvent.Fetch(0, 1, "READ", 0, 16)),
            new EventLog.Entry(2, 3, new RealEvent.Cqe(0, 1, "REGISTER_IO_BUF", 0)),
            new EventLog.Entry(3, 4, new RealEvent.Cqe(0, 1, "READ_FIXED", 8192)),
            new EventLog.Entry(4, 5, new RealEvent.Cqe(0, 1, "UNREGISTER_IO_BUF", 0)),
            new EventLog.Entry(5, 6, new RealEvent.Transfer(0, 1, "READ", 0, 8192, 8192)),
            new EventLog.Entry(6, 7, new RealEvent.Commit(0, 1, 8192)),
            new EventLog.Entry(7, 8, new RealEvent.Complete(0, 8192)));
        RealTrace t = RealTrace.of(s.setup(), entries);
        List<Observation> want = List.of(Observation.submit("r1"), Observation.fetch(0, 1, "READ", 0, 8192),
            Observation.cqe(0, 1, dev.ublklab.model.Sqe.REGISTER_IO_BUF, 0), Observation.cqe(0, 1, dev.ublklab.model.Sqe.UNREGISTER_IO_BUF, 0),
            Observation.commit(0, 1, 8192), Observation.complete("r1", 8192));
        assertEquals(want, t.observations());
        Model m = new Model(s.setup());
        assertTrue(Conformance.check(m, t.observations(), 100_000).conforms());
        String jsonl = t.jsonLines(s, null);
        assertTrue(jsonl.contains("\"event\":{\"type\":\"cqe\",\"queue\":0,\"tag\":1,\"io\":\"r1\",\"sqe\":\"READ_FIXED\",\"res\":8192}"), jsonl);
        assertFalse(jsonl.contains("BACKEND_"), "no copy-path transfer line for zero copy");
        assertEquals(want, RealTrace.read(s.setup(), jsonl, 0).observations());
        // a commit before the unregister's CQE is not what the correct zero-copy server does
        List<Observation> early = new java.util.ArrayList<>(want);
        early.add(3, early.remove(4));
        Conformance.Match c = Conformance.check(m, early, 100_000);
        assertFalse(c.conforms());
        assertEquals("the model cannot explain observation 4: commit q0 tag1 result=8192", c.reason());
    }
}
