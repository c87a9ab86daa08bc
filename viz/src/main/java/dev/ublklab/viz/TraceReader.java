package dev.ublklab.viz;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON Lines trace format of docs/trace-format.md with Jackson. Deliberately
 * small: it is the stand-in for {@code dev.ublklab.sim.TraceCodec} and should be replaced by it.
 * Every problem becomes a {@link VizException} naming the file and the line.
 */
public final class TraceReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.Set<String> TYPED = java.util.Set.of("type", "queue", "tag", "index", "worker", "io", "sqe");

    private final String name;
    private final Map<String, Integer> ioIndex = new HashMap<>();
    private final Map<String, String> interned = new HashMap<>();
    private TraceData.Header header;
    private EventTable events;
    private TraceData.End end;
    private long lastTime = Long.MIN_VALUE;
    private final List<String> scratch = new ArrayList<>();

    private TraceReader(String name) {
        this.name = name;
    }

    /** Reads a whole trace file. */
    public static TraceData read(Path file) {
        TraceReader r = new TraceReader(file.toString());
        // Bytes, not chars: Jackson's UTF-8 parser is the faster one (1M events, viewer.md B.9).
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            r.readAll(JSON.getFactory().createParser(in));
        } catch (NoSuchFileException e) {
            throw new VizException("trace file not found: " + file);
        } catch (IOException e) {
            throw new VizException("cannot read trace " + file + ": " + e.getMessage());
        }
        return r.finish();
    }

    /** Reads a trace from memory (tests, the diff view). */
    public static TraceData read(String name, BufferedReader in) throws IOException {
        TraceReader r = new TraceReader(name);
        r.readAll(JSON.getFactory().createParser(in));
        return r.finish();
    }

    /**
     * One streaming parser over the whole file: no String per line, and Jackson still knows the
     * line of every token. Only the header and the end line go through the tree model.
     */
    private void readAll(JsonParser parser) throws IOException {
        int lineNo = 1;
        boolean inRecord = false;
        try (JsonParser p = parser) {
            JsonToken tok;
            while ((tok = p.nextToken()) != null) {
                lineNo = p.currentTokenLocation().getLineNr();
                inRecord = true;
                if (tok != JsonToken.START_OBJECT) {
                    throw error(lineNo, "not a JSON object");
                }
                if (end != null) {
                    throw error(lineNo, "content after the end line");
                }
                if (header == null) {
                    readHeader(JSON.readTree(p), lineNo);
                } else {
                    readLine(p, lineNo);
                }
                inRecord = false;
            }
        } catch (StreamReadException e) {
            // An unterminated line makes the parser fail on a later one: blame the record's first line.
            int at = inRecord || e.getLocation() == null ? lineNo : e.getLocation().getLineNr();
            String why = String.valueOf(e.getOriginalMessage()).split("\n")[0].replaceAll("\\s*\\(start marker at.*$", "");
            throw error(at, "malformed JSON (" + why + ")");
        }
    }

    private TraceData finish() {
        if (header == null) {
            throw new VizException(name + ": empty trace, no header line");
        }
        return new TraceData(header, events, end);
    }

    private VizException error(int lineNo, String what) {
        return new VizException(name + ": malformed trace line " + lineNo + ": " + what);
    }

    private void readHeader(JsonNode h, int lineNo) {
        if (!"ublk-lab".equals(h.path("trace").asText())) {
            throw error(lineNo, "the first line is not a ublk-lab trace header");
        }
        int version = h.path("version").asInt(-1);
        if (version != 1) {
            throw error(lineNo, "unsupported trace version " + h.path("version"));
        }
        List<TraceData.IoInfo> ios = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (JsonNode io : h.path("ios")) {
            String id = requireText(io, "id", lineNo);
            ioIndex.put(id, ios.size());
            ids.add(id);
            ios.add(new TraceData.IoInfo(id, io.path("op").asText("?"), io.path("queue").asInt(0),
                    io.path("sector").asLong(0), io.path("bytes").asLong(0)));
        }
        String src = requireText(h, "src", lineNo);
        header = new TraceData.Header(src, h.path("scenario").asText(""), h.path("variant").asText(""),
                h.path("seed").asLong(0), Math.max(1, h.path("queues").asInt(1)),
                Math.max(1, h.path("depth").asInt(1)), ios,
                h.hasNonNull("scenarioFile") ? h.get("scenarioFile").asText() : null);
        events = new EventTable(ids);
    }

    private String requireText(JsonNode node, String field, int lineNo) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw error(lineNo, "missing text field '" + field + "'");
        }
        return v.asText();
    }

    private void readEnd(JsonNode e, int lineNo) {
        List<Integer> schedule = new ArrayList<>();
        for (JsonNode c : e.path("schedule")) {
            schedule.add(c.asInt());
        }
        end = new TraceData.End(requireText(e, "verdict", lineNo), text(e, "invariant"),
                text(e, "explanation"), e.path("step").asLong(-1), schedule);
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private void readLine(JsonParser p, int lineNo) throws IOException {
        long seq = Long.MIN_VALUE, t = Long.MIN_VALUE;
        boolean event = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            switch (key) {
                case "seq" -> seq = p.getValueAsLong(Long.MIN_VALUE);
                case "t" -> t = p.getValueAsLong(Long.MIN_VALUE);
                case "end" -> {
                    readEnd(JSON.readTree(p), lineNo);
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        p.nextToken();
                        p.skipChildren();
                    }
                    return;
                }
                case "event" -> {
                    if (seq == Long.MIN_VALUE || t == Long.MIN_VALUE || p.currentToken() != JsonToken.START_OBJECT) {
                        throw error(lineNo, "an event line needs seq, t, then the event object");
                    }
                    readEvent(p, seq, t, lineNo);
                    event = true;
                }
                default -> p.skipChildren();
            }
        }
        if (!event) {
            throw error(lineNo, "an event line needs seq, t and event");
        }
    }

    private void readEvent(JsonParser p, long seq, long t, int lineNo) throws IOException {
        if (t < lastTime) {
            throw error(lineNo, "time goes backwards (" + t + " < " + lastTime + ")");
        }
        lastTime = t;
        String typeName = "";
        int q = -1, tag = -1, io = -1, index = -1, worker = -1, completed = -1;
        String sqe = null;
        List<String> facts = scratch;
        facts.clear();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName(); // Jackson canonicalises field names: already shared
            JsonToken v = p.nextToken();
            if (v.isStructStart() && TYPED.contains(key)) {
                throw error(lineNo, "field '" + key + "' must be a number or text");
            }
            switch (key) {
                case "type" -> typeName = p.getText();
                case "queue" -> q = p.getValueAsInt(-1);
                case "tag" -> tag = p.getValueAsInt(-1);
                case "index" -> index = p.getValueAsInt(-1);
                case "worker" -> worker = p.getValueAsInt(-1);
                case "io" -> io = ioOf(p.getText());
                case "sqe" -> sqe = intern(p.getText());
                default -> {
                    String value = v.isStructStart() ? JSON.readTree(p).toString()
                            : v == JsonToken.VALUE_STRING ? intern(p.getText()) : p.getText();
                    if (key.equals("completed")) {
                        completed = ioOf(value);
                    }
                    facts.add(key);
                    facts.add(value);
                }
            }
        }
        EventType type = EventType.ofWire(typeName);
        if (type == null) {
            throw error(lineNo, "unknown event type '" + typeName + "'");
        }
        events.add(seq, t, type, q, tag, io, index, worker, completed, sqe,
                facts.isEmpty() ? null : facts.toArray(String[]::new));
    }

    /** The index of IO {@code id}; "-" (what TraceCodec writes for "no IO") and "" are -1. */
    private int ioOf(String id) {
        if (id.isEmpty() || id.equals("-")) {
            return -1;
        }
        Integer i = ioIndex.get(id);
        if (i == null) {
            i = events.addIoId(id);
            ioIndex.put(id, i);
        }
        return i;
    }

    private String intern(String s) {
        String prev = interned.putIfAbsent(s, s);
        return prev == null ? s : prev;
    }
}
