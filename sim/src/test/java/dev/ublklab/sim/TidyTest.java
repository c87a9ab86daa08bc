package dev.ublklab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * House rules (ARCHITECTURE.md): no JavaFX or FFM in model and sim, no hidden randomness or clock,
 * no iteration over hash-ordered collections in model, no dependencies in model.
 */
class TidyTest {
    private static final List<String> BANNED = List.of("javafx.", "java.lang.foreign", "java.util.Random", "Math.random",
            "System.nanoTime", "currentTimeMillis", "Thread.sleep");
    /** Progress and throughput figures of the checker are wall-clock by nature; nothing they print enters a state. */
    private static final List<String> CLOCK_ALLOWED = List.of("/sim/check/Progress.java", "/sim/check/Stats.java");
    /**
     * The checker's visited set lives off the heap to pass 2^31 slots: one class may use
     * java.lang.foreign for that, and only for memory (an automatic arena and its segments: no
     * Linker, no restricted method, so sim still needs no native access; see {@link #offHeapIsMemoryOnly}).
     */
    private static final String FOREIGN_ALLOWED = "/sim/check/OffHeapFpSet.java";
    private static final Pattern HASH_ITERATION = Pattern.compile("(HashMap|HashSet|Set\\.of|Map\\.of)\\b");

    private static List<Path> sources(String module) throws IOException {
        Path root = Bundled.root().getParent().resolve(module).resolve("src/main/java");
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    @Test
    void modelAndSimUseNoBannedApis() throws IOException {
        List<String> found = new ArrayList<>();
        for (String module : List.of("model", "sim")) {
            for (Path p : sources(module)) {
                String text = Files.readString(p);
                for (String b : BANNED) {
                    boolean clock = b.equals("System.nanoTime") || b.equals("currentTimeMillis");
                    boolean used = Pattern.compile(Pattern.quote(b) + (b.endsWith(".") ? "" : "\\b")).matcher(text).find();
                    boolean foreign = b.equals("java.lang.foreign") && p.toString().endsWith(FOREIGN_ALLOWED);
                    if (used && !foreign && !(clock && CLOCK_ALLOWED.stream().anyMatch(a -> p.toString().endsWith(a)))) {
                        found.add(p.getFileName() + ": " + b);
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }

    /** The one class allowed java.lang.foreign uses memory segments only: nothing that calls native code. */
    @Test
    void offHeapIsMemoryOnly() throws IOException {
        Path p = Bundled.root().getParent().resolve("sim/src/main/java/dev/ublklab/sim/check/OffHeapFpSet.java");
        String text = Files.readString(p);
        for (String restricted : List.of("Linker", "SymbolLookup", "reinterpret", "FunctionDescriptor", "Arena.global", "Unsafe")) {
            assertEquals(false, text.contains(restricted), "OffHeapFpSet uses " + restricted);
        }
        assertEquals(true, text.contains("import java.lang.foreign.Arena;"), "the allowed class is still the off-heap set");
    }

    @Test
    void modelIteratesNoHashOrderedCollections() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path p : sources("model")) {
            var m = HASH_ITERATION.matcher(Files.readString(p));
            while (m.find()) {
                found.add(p.getFileName() + ": " + m.group());
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void modelHasNoDependencies() throws IOException {
        String pom = Files.readString(Bundled.root().getParent().resolve("model/pom.xml"));
        String main = pom.replaceAll("(?s)<dependency>.*?<scope>test</scope>.*?</dependency>", "");
        assertEquals(false, main.contains("<dependency>"), "model/pom.xml must have test dependencies only");
    }
}
