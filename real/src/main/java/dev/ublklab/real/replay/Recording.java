package dev.ublklab.real.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ublklab.real.ublk.DataPath;
import dev.ublklab.sim.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one real run recorded, before any judging: the trace and the client's outcome, plus the
 * kernel and device facts. It travels from the guest to the host as two files, the trace (JSON Lines,
 * docs/trace-format.md) and {@code <trace>.outcome.json}, so that the host, not the slow TCG guest,
 * runs the conformance search.
 *
 * @param warnings new kernel WARNINGs during the run (-1: not readable)
 */
public record Recording(Scenario scenario, DataPath path, RealPlan plan, RealTrace trace, ReplayClient.Outcome client,
                        int warnings, String kernel, String device, long millis, String phases, List<String> said) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The sidecar file of a trace file. */
    public static Path outcomeFile(Path trace) {
        return trace.resolveSibling(trace.getFileName() + ".outcome.json");
    }

    /** Writes the trace (no end line: nothing is judged yet) and its outcome sidecar. */
    public void write(Path traceFile) throws IOException {
        Files.writeString(traceFile, trace.jsonLines(scenario, null));
        ObjectNode o = JSON.createObjectNode();
        o.put("variant", path.word()).put("kernel", kernel).put("device", device).put("millis", millis).put("phases", phases)
            .put("warnings", warnings).put("requestsBefore", trace.requestsBefore());
        ArrayNode rs = o.putArray("results");
        for (Long r : client.results()) {
            if (r == null) rs.addNull();
            else rs.add(r);
        }
        client.mismatches().forEach(o.putArray("mismatches")::add);
        client.stuck().forEach(o.putArray("stuck")::add);
        said.forEach(o.putArray("said")::add);
        Files.writeString(outcomeFile(traceFile), o.toPrettyString());
    }

    /** Reads what {@link #write} wrote, for scenario {@code s} (the same file the guest replayed). */
    public static Recording read(Scenario s, Path traceFile) throws IOException {
        JsonNode o = JSON.readTree(Files.readString(outcomeFile(traceFile)));
        DataPath path = RealPlan.dataPath(o.path("variant").asText());
        RealPlan plan = RealPlan.of(Replay.setupFor(s, path), path, true);
        List<Long> results = new ArrayList<>();
        for (JsonNode r : o.path("results")) results.add(r.isNull() ? null : r.asLong());
        ReplayClient.Outcome client = new ReplayClient.Outcome(results, strings(o.path("mismatches")), strings(o.path("stuck")));
        RealTrace trace = RealTrace.read(plan.setup(), Files.readString(traceFile), o.path("requestsBefore").asInt());
        return new Recording(s, path, plan, trace, client, o.path("warnings").asInt(-1), o.path("kernel").asText(),
            o.path("device").asText(), o.path("millis").asLong(), o.path("phases").asText(), strings(o.path("said")));
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : a) out.add(n.asText());
        return out;
    }
}
