package dev.ublklab.viz;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Every file the tools write (images, exports, scenarios, traces) is opened here, so that every
 * failure is the same one line: "cannot write OUT: the OS's reason". A missing parent directory is
 * an error, never created: a typo in --out should not make a directory tree.
 */
public final class OutputFile {
    /** Writes the content of one file. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    private OutputFile() {}

    /** Opens {@code out} for writing (created or truncated), after checking its directory exists. */
    public static OutputStream open(Path out) {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new VizException("cannot write " + out + ": " + (Files.exists(parent)
                    ? parent + " is not a directory" : "directory " + parent + " does not exist"));
        }
        if (Files.isDirectory(out)) {
            throw new VizException("cannot write " + out + ": it is a directory");
        }
        try {
            return Files.newOutputStream(out);
        } catch (IOException e) {
            throw new VizException(why(out, e));
        }
    }

    /** Opens {@code out}, lets {@code body} write it and closes it; every failure is one line. */
    public static void write(Path out, Body body) {
        try (OutputStream o = open(out)) {
            body.write(o);
        } catch (IOException e) {
            throw new VizException(why(out, e));
        }
    }

    /** "cannot write OUT: REASON", the reason in the words of the OS (strerror). */
    public static String why(Path out, IOException e) {
        return "cannot write " + out + ": " + reason(e);
    }

    static String reason(IOException e) {
        return switch (e) {
            case AccessDeniedException a -> "Permission denied";
            case NoSuchFileException n -> "No such file or directory";
            case NotDirectoryException n -> "Not a directory";
            case FileSystemException f when f.getReason() != null -> f.getReason();
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }
}
