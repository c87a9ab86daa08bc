package dev.ublklab.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ublklab.model.Event;
import dev.ublklab.model.Facts;
import dev.ublklab.model.IoSpec;
import dev.ublklab.model.Setup;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one trace codec (docs/trace-format.md): JSON Lines with a header, one line per event, and an
 * end line. Simulator, checker and real runs write through it; the viewer and conformance read
 * through it. Field order is fixed, so equal runs give byte-identical files.
 */
public final class TraceCodec {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final Map<String, Class<?>> TYPES = new LinkedHashMap<>();

    static {
        for (Class<?> group : Event.class.getPermittedSubclasses()) {
            for (Class<?> c : group.getPermittedSubclasses()) {
                TYPES.put(Character.toLowerCase(c.getSimpleName().charAt(0)) + c.getSimpleName().substring(1), c);
            }
        }
    }

    private final Setup setup;

    public TraceCodec(Setup setup) {
        this.setup = setup;
    }

    /** The header line of a trace of {@code scenario}. */
    public String header(Scenario scenario, String src, long seed) {
        return line(g -> {
            g.writeStringField("trace", "ublk-lab");
            g.writeNumberField("version", 1);
            g.writeStringField("src", src);
            g.writeStringField("scenario", scenario.name());
            g.writeStringField("variant", setup.config().variant().id());
            g.writeNumberField("seed", seed);
            g.writeNumberField("queues", setup.config().queues());
            g.writeNumberField("depth", setup.config().depth());
            g.writeArrayFieldStart("ios");
            for (IoSpec io : setup.ios()) {
                g.writeStartObject();
                g.writeStringField("id", io.id());
                g.writeStringField("op", io.op().name());
                g.writeNumberField("queue", io.queue());
                g.writeNumberField("sector", io.sector());
                g.writeNumberField("bytes", io.bytes());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (scenario.file() != null) {
                g.writeStringField("scenarioFile", scenario.file());
            }
        });
    }

    /** One event line; {@code t} is the step for model traces and nanoseconds for real ones. */
    public String event(int seq, long t, String src, Event e, Facts facts) {
        return line(g -> {
            g.writeNumberField("seq", seq);
            g.writeNumberField("t", t);
            g.writeStringField("src", src);
            g.writeObjectFieldStart("event");
            g.writeStringField("type", e.type());
            for (RecordComponent rc : e.getClass().getRecordComponents()) {
                int v = (int) invoke(rc, e);
                if (rc.getName().equals("io")) {
                    g.writeStringField("io", v < 0 ? "-" : setup.ios().get(v).id());
                } else {
                    g.writeNumberField(rc.getName(), v);
                }
            }
            writeFacts(g, facts);
            g.writeEndObject();
        });
    }

    /** The end line. */
    public String end(Run run) {
        return line(g -> {
            g.writeObjectFieldStart("end");
            g.writeStringField("verdict", run.verdict().id());
            if (run.invariant() != null) {
                g.writeStringField("invariant", run.invariant());
            }
            if (run.explanation() != null) {
                g.writeStringField("explanation", run.explanation());
            }
            g.writeNumberField("step", run.stepCount());
            g.writeArrayFieldStart("schedule");
            for (int c : run.schedule()) {
                g.writeNumber(c);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** Writes a whole simulator trace. */
    public void write(Writer out, Scenario scenario, long seed, Run run) throws IOException {
        out.write(header(scenario, "sim", seed));
        for (Step s : run.steps()) {
            out.write(event(s.seq(), s.seq(), "sim", s.event(), s.facts()));
        }
        out.write(end(run));
    }

    private static void writeFacts(JsonGenerator g, Facts facts) throws IOException {
        for (int i = 0; i < facts.names().size(); i++) {
            Object v = facts.values().get(i);
            if (v instanceof Long l) {
                g.writeNumberField(facts.names().get(i).wire(), l);
            } else {
                g.writeStringField(facts.names().get(i).wire(), dev.ublklab.model.Fact.text(v));
            }
        }
    }

    private static Object invoke(RecordComponent rc, Object o) {
        try {
            return rc.getAccessor().invoke(o);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String line(Body body) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.append('\n').toString();
    }

    /** Reads an event object back into the model's Event (its facts are ignored); null for unknown types. */
    public Event readEvent(JsonNode event) {
        Class<?> c = TYPES.get(event.path("type").asText());
        if (c == null) {
            return null;
        }
        RecordComponent[] rcs = c.getRecordComponents();
        Object[] args = new Object[rcs.length];
        Class<?>[] types = new Class<?>[rcs.length];
        for (int i = 0; i < rcs.length; i++) {
            types[i] = int.class;
            JsonNode v = event.get(rcs[i].getName());
            if (v == null) {
                return null;
            }
            args[i] = rcs[i].getName().equals("io") ? setup.ioIndex(v.asText()) : v.asInt();
        }
        try {
            Constructor<?> k = c.getDeclaredConstructor(types);
            return (Event) k.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every line of a trace file parsed as JSON, in order. */
    public static List<ObjectNode> lines(String text) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (!l.isBlank()) {
                out.add((ObjectNode) ScenarioCodec.JSON.readTree(l));
            }
        }
        return out;
    }

    /** Event type names in the vocabulary. */
    public static List<String> types() {
        return List.copyOf(TYPES.keySet());
    }
}
