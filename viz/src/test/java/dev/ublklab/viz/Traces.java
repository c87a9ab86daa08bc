package dev.ublklab.viz;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The hand-written traces in src/test/resources/traces (they follow docs/trace-format.md). */
final class Traces {
    private Traces() {}

    static Path path(String name) {
        try {
            return Path.of(Traces.class.getResource("/traces/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test trace " + name, e);
        }
    }

    static TimelineModel model(String name) {
        return TimelineModel.of(TraceLoad.read(path(name)));
    }
}
