package dev.ublklab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scenario files: round trips, and one clear line for every kind of bad input. */
class ScenarioCodecTest {
    private static final String IO = "{\"id\":\"r1\",\"op\":\"READ\",\"queue\":0,\"sector\":0,\"bytes\":4096}";

    private static String scenario(String config, String ios, String extra) {
        return "{\"config\":" + config + ",\"ios\":[" + ios + "]" + extra + "}";
    }

    private static String error(String json) {
        return assertThrows(ScenarioException.class, () -> ScenarioCodec.parse(json, "f.json")).getMessage();
    }

    @Test
    void roundTripsEveryBundledScenario() throws Exception {
        for (Path p : Bundled.all()) {
            Scenario s = Bundled.load(p);
            Scenario back = ScenarioCodec.parse(ScenarioWriter.write(s), s.file());
            assertEquals(s, back, p.toString());
        }
        Scenario withSchedule = Bundled.load(Bundled.all().get(0)).withSchedule(java.util.List.of(0, 1, 0));
        assertEquals(withSchedule, ScenarioCodec.parse(ScenarioWriter.write(withSchedule), withSchedule.file()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown field | {\"variant\":\"copy\",\"colour\":1} | " + IO + " | | f.json: $.config.colour: unknown field",
        "wrong type | {\"variant\":\"copy\",\"depth\":\"two\"} | " + IO + " | | f.json: $.config.depth: expected an integer, found string",
        "queue out of range | {\"variant\":\"copy\"} | {\"id\":\"r1\",\"op\":\"READ\",\"queue\":3,\"bytes\":4096} | | f.json: $.ios[0].queue: queue 3 out of range: the device has 1 queue(s)",
        "crash queue out of range | {\"variant\":\"copy\"} | " + IO + " | ,\"faults\":{\"crash\":[2]} | f.json: $.faults.crash[0]: queue 2 out of range",
        "segment crosses page | {\"variant\":\"copy\"} | {\"id\":\"r1\",\"op\":\"READ\",\"segments\":[{\"offset\":3584,\"len\":1024}]} | | f.json: $.ios[0].segments[0]: segment crosses its page",
        "segment not sector multiple | {\"variant\":\"copy\"} | {\"id\":\"r1\",\"op\":\"READ\",\"segments\":[700]} | | f.json: $.ios[0].segments[0]: offset and length must be multiples of 512",
        "segments do not sum | {\"variant\":\"copy\"} | {\"id\":\"r1\",\"op\":\"READ\",\"bytes\":8192,\"segments\":[4096]} | | f.json: $.ios[0].segments: segments sum to 4096 bytes but bytes is 8192",
        "unknown variant | {\"variant\":\"splice\"} | " + IO + " | | f.json: $.config.variant: unknown variant \"splice\"",
        "unknown invariant | {\"variant\":\"copy\"} | " + IO + " | ,\"expect\":{\"hold\":[\"no-bugs\"]} | f.json: $.expect.hold[0]: unknown invariant \"no-bugs\"",
        "duplicate io id | {\"variant\":\"copy\"} | " + IO + "," + IO + " | | f.json: $.ios[1].id: duplicate IO id \"r1\"",
        "missing variant | {} | " + IO + " | | f.json: $.config.variant: expected a string, found nothing",
        "bad op | {\"variant\":\"copy\"} | {\"id\":\"r1\",\"op\":\"TRIM\",\"bytes\":4096} | | f.json: $.ios[0].op: expected READ, WRITE, FLUSH or DISCARD",
        "unknown kernel | {\"variant\":\"copy\",\"kernel\":\"2.6\"} | " + IO + " | | f.json: $.config.kernel: unknown kernel version \"2.6\" (expected one of simplified, 6.1, 6.12, 6.14, 6.16, 7.3",
        "kernel without the data path | {\"variant\":\"zero-copy\",\"kernel\":\"6.14\"} | " + IO + " | | f.json: $.config.kernel: kernel 6.14 has no zero-copy data path",
        "stopDev without a lifecycle kernel | {\"variant\":\"copy\"} | " + IO + " | ,\"faults\":{\"stopDev\":1} | f.json: $.faults.stopDev: needs a kernel with the mainline lifecycle",
        "stopDev out of range | {\"variant\":\"copy\",\"kernel\":\"6.14\"} | " + IO + " | ,\"faults\":{\"stopDev\":2} | f.json: $.faults.stopDev: expected an integer in [0, 1], found 2",
        "unknown plan io | {\"variant\":\"copy\"} | " + IO + " | ,\"server\":{\"policy\":\"script\",\"plans\":{\"x9\":[]}} | f.json: $.server.plans.x9: unknown field",
        "fault budget negative | {\"variant\":\"copy\"} | " + IO + " | ,\"faults\":{\"backendError\":-1} | f.json: $.faults.backendError: ",
        "fault budget too big | {\"variant\":\"copy\"} | " + IO + " | ,\"faults\":{\"copyFault\":16} | f.json: $.faults.copyFault: ",
        "fault budget not a number | {\"variant\":\"copy\"} | " + IO + " | ,\"faults\":{\"allocFail\":\"many\"} | f.json: $.faults.allocFail: expected an integer, found string",
        "unknown fault kind | {\"variant\":\"copy\"} | " + IO + " | ,\"faults\":{\"diskFull\":1} | f.json: $.faults.diskFull: unknown field",
        "faults on a lifecycle kernel | {\"variant\":\"copy\",\"kernel\":\"6.16\"} | " + IO + " | ,\"faults\":{\"backendShort\":1} | f.json: $.faults.backendShort: needs the simplified data path",
    })
    void badInputNamesFilePathAndExpectation(String what, String config, String ios, String extra, String message) {
        String got = error(scenario(config, ios, extra == null ? "" : extra));
        assertEquals(true, got.startsWith(message), what + ": " + got);
        assertEquals(-1, got.indexOf('\n'), "one line");
    }

    @Test
    void faultBudgetsAreReadAndWrittenBack() throws ScenarioException {
        Scenario s = ScenarioCodec.parse(scenario("{\"variant\":\"copy\"}", IO,
                ",\"faults\":{\"crash\":[0],\"backendError\":1,\"backendShort\":2,\"allocFail\":3,\"copyFault\":15}"), "f.json");
        assertEquals(new dev.ublklab.model.Fault.Budget(1, 2, 3, 15), s.setup().faults());
        assertEquals(java.util.List.of(0), s.setup().crashes());
        assertEquals(s, ScenarioCodec.parse(ScenarioWriter.write(s), "f.json"));
    }

    @Test
    void aKernelVersionIsReadAndWrittenBack() throws ScenarioException {
        Scenario s = ScenarioCodec.parse(scenario("{\"variant\":\"copy\",\"kernel\":\"6.16\"}", IO, ""), "f.json");
        assertEquals(dev.ublklab.model.KernelVersion.V6_16, s.setup().config().kernel());
        assertEquals(s, ScenarioCodec.parse(ScenarioWriter.write(s), "f.json"));
        Scenario none = ScenarioCodec.parse(scenario("{\"variant\":\"copy\"}", IO, ""), "f.json");
        assertEquals(dev.ublklab.model.KernelVersion.SIMPLIFIED, none.setup().config().kernel(), "no kernel: the first model");
        assertEquals(false, ScenarioWriter.write(none).contains("\"kernel\""), "the default is not written");
    }

    @Test
    void notJsonNamesTheLine() {
        assertEquals(true, error("{\n\"config\": }").startsWith("f.json: $: not valid JSON at line 2"));
    }

    @Test
    void missingFile() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioCodec.read(Path.of("/nonexistent/x.json")));
        assertEquals("/nonexistent/x.json: $: no such file", e.getMessage());
    }

    @Test
    void unmodelledRecoveryIsRefusedClearly() {
        String got = error(scenario("{\"variant\":\"zero-copy\",\"recovery\":\"USER_RECOVERY\"}", IO, ""));
        assertEquals("f.json: $.config.recovery: recovery \"USER_RECOVERY\" is not modelled yet (only off)", got);
    }

    @Test
    void zeroCopyActionsParseAndNameBadFields() throws ScenarioException {
        String plans = ",\"server\":{\"policy\":\"script\",\"plans\":{\"r1\":[{\"do\":\"register\",\"slot\":1},"
                + "{\"do\":\"readFixed\",\"offset\":512,\"len\":1024},{\"do\":\"writeFixed\",\"slot\":0,\"offset\":0,"
                + "\"len\":512,\"fileOff\":4096},{\"do\":\"unregister\"},{\"do\":\"commit\"}]}}";
        Scenario s = ScenarioCodec.parse(scenario("{\"variant\":\"zero-copy\"}", IO, plans), "f.json");
        var plan = ((dev.ublklab.model.ServerSpec.Script) s.setup().server()).plans().get(0);
        assertEquals(java.util.List.of(new dev.ublklab.model.Action.Register(null, null, 1),
                new dev.ublklab.model.Action.Fixed(null, 512, 1024, false, null),
                new dev.ublklab.model.Action.Fixed(0, 0, 512, true, 4096L),
                new dev.ublklab.model.Action.Unregister(null), new dev.ublklab.model.Action.Commit(null)), plan);
        assertEquals(s, ScenarioCodec.parse(ScenarioWriter.write(s), "f.json"));
        String bad = ",\"server\":{\"policy\":\"script\",\"plans\":{\"r1\":[{\"do\":\"readFixed\",\"len\":512}]}}";
        assertEquals("f.json: $.server.plans.r1[0].offset: expected an integer, found nothing",
                error(scenario("{\"variant\":\"zero-copy\"}", IO, bad)));
    }

    @Test
    void traceEventsRoundTrip() throws IOException {
        Scenario s = Bundled.load(Bundled.root().resolve("copy/mixed-reorder.json"));
        Run r = Simulator.of(s).run(Chooser.random(3), true);
        String text = DeterminismTest.trace(s, 3);
        dev.ublklab.trace.TraceReader in = new dev.ublklab.trace.TraceReader(
                new java.io.BufferedReader(new java.io.StringReader(text)), "mem");
        assertEquals(s.name(), in.header().scenario());
        for (int i = 0; i < r.steps().size(); i++) {
            assertEquals(r.steps().get(i).event(), in.next().event().toModel());
        }
        assertEquals(null, in.next());
        assertEquals(r.verdict(), in.end().verdict());
    }
}
