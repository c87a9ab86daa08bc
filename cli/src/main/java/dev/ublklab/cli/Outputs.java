package dev.ublklab.cli;

import dev.ublklab.viz.OutputFile;
import dev.ublklab.viz.VizException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Files the commands write (--out, --trace): one line with the OS's reason and exit 2 on failure. */
final class Outputs {
    private Outputs() {}

    /** Fails now, before a long run, when {@code out}'s directory does not exist. */
    static void precheck(Path out) {
        if (out == null) {
            return;
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !java.nio.file.Files.isDirectory(parent)) {
            throw new Main.BadInput("cannot write " + out + ": directory " + parent + " does not exist");
        }
    }

    static void writeString(Path out, String text) {
        write(out, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    static void write(Path out, OutputFile.Body body) {
        try {
            OutputFile.write(out, body);
        } catch (VizException e) {
            throw new Main.BadInput(e.getMessage());
        }
    }

    static Main.BadInput failure(Path out, IOException e) {
        return new Main.BadInput(OutputFile.why(out, e));
    }
}
