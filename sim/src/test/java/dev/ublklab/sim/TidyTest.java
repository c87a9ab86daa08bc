package dev.ublklab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * no iteration over hash-ordered collections in model, no dependencies in model; across modules
 * ({@link TidyRules}): traces and JSON parsed only by the codecs, no shift-packed tags outside
 * Tag, methods of at most 70 lines (files over 400 are listed), and every module declaring exactly
 * the dependencies its main code uses.
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
        for (String module : List.of("model", "trace", "sim")) {
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

    private static final List<String> MODULES = List.of("model", "trace", "sim", "real", "viz", "cli");

    /** Every module's main sources by path relative to the project. */
    private static java.util.Map<String, String> mainSources(String module) throws IOException {
        Path project = Bundled.root().getParent();
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (Path p : sources(module)) {
            out.put(project.relativize(p).toString().replace('\\', '/'), Files.readString(p));
        }
        return out;
    }

    private static java.util.Map<String, String> allMainSources() throws IOException {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (String m : MODULES) {
            out.putAll(mainSources(m));
        }
        return out;
    }

    @Test
    void traceAndJsonAreParsedOnlyByTheCodecs() throws IOException {
        assertEquals(List.of(), TidyRules.jsonParsing(allMainSources()));
    }

    @Test
    void tagsAreNotPackedWithShifts() throws IOException {
        assertEquals(List.of(), TidyRules.shiftPackedTags(allMainSources()));
    }

    @Test
    void methodsFitInSeventyLinesAndLongFilesAreListed() throws IOException {
        java.util.Map<String, String> all = allMainSources();
        assertEquals(List.of(), TidyRules.longMethods(all, 70));
        // files over 400 lines are listed, not failed: "preferably <= 400" (TEAM-RULES.md)
        TidyRules.longFiles(all, 400).forEach(f -> System.out.println("tidy: file over 400 lines: " + f));
    }

    @Test
    void everyModuleDeclaresWhatItImportsAndImportsWhatItDeclares() throws IOException {
        List<String> found = new ArrayList<>();
        for (String m : MODULES) {
            String pom = Files.readString(Bundled.root().getParent().resolve(m).resolve("pom.xml"));
            found.addAll(TidyRules.dependencies(m, pom, mainSources(m)));
        }
        assertEquals(List.of(), found);
    }

    /** Each rule fails on a planted violation and names what to use instead. */
    @Test
    void everyBanFailsOnAPlantedViolation() {
        String viz = "viz/src/main/java/dev/ublklab/viz/Planted.java";
        List<String> json = TidyRules.jsonParsing(java.util.Map.of(viz,
                "import com.fasterxml.jackson.databind.ObjectMapper;\nclass Planted { Object o = new ObjectMapper(); }"));
        assertEquals(1, json.size());
        assertTrue(json.get(0).startsWith(viz) && json.get(0).contains("use dev.ublklab.trace.TraceReader"), json.get(0));
        List<String> line = TidyRules.jsonParsing(java.util.Map.of(viz, "class P { String s = \"{\\\"seq\\\":\" + 1; }"));
        assertEquals(1, line.size(), "a hand-written trace line");
        assertEquals(List.of(), TidyRules.jsonParsing(java.util.Map.of("trace/src/main/java/dev/ublklab/trace/X.java",
                "class X { String s = \"{\\\"seq\\\":\"; }")), "the codec itself may");

        List<String> shift = TidyRules.shiftPackedTags(java.util.Map.of(viz, "class P { int k(int q, int tag) { return q << 16 | tag; } }"));
        assertEquals(1, shift.size());
        assertTrue(shift.get(0).contains("use dev.ublklab.trace.Tag(queue, index)"), shift.get(0));
        assertEquals(1, TidyRules.shiftPackedTags(java.util.Map.of(viz, "class P { int q(int k) { return k >>> 16; } }")).size());
        assertEquals(List.of(), TidyRules.shiftPackedTags(java.util.Map.of(viz, "class P { int rgb(int r, int g) { return r << 16 | g << 8; } }")),
                "a colour is not a tag");

        StringBuilder body = new StringBuilder("class P {\n    void longOne(int a,\n                 int b) {\n");
        for (int i = 0; i < 70; i++) {
            body.append("        a += b; // { not a brace\n");
        }
        body.append("    }\n\n    void shortOne() {\n        String s = \"}}}\";\n    }\n}\n");
        List<String> methods = TidyRules.longMethods(java.util.Map.of(viz, body.toString()), 70);
        assertEquals(1, methods.size(), methods.toString());
        assertTrue(methods.get(0).contains("longOne") && methods.get(0).contains("73 lines") && methods.get(0).contains("split it"),
                methods.get(0));
        assertEquals(List.of(viz + " (80 lines)"), TidyRules.longFiles(java.util.Map.of(viz, "x\n".repeat(80)), 40));

        String pom = "<project><dependencies><dependency><groupId>dev.ublklab</groupId><artifactId>sim</artifactId></dependency>"
                + "<dependency><groupId>x</groupId><artifactId>jackson-databind</artifactId><scope>test</scope></dependency>"
                + "</dependencies></project>";
        List<String> deps = TidyRules.dependencies("viz", pom, java.util.Map.of(viz,
                "import com.fasterxml.jackson.core.JsonGenerator;\nimport dev.ublklab.trace.Tag;\n/** dev.ublklab.cli.Main in a comment */"));
        assertEquals(List.of("viz: uses jackson-core without declaring it; add it to viz/pom.xml",
                "viz: uses trace without declaring it; add it to viz/pom.xml",
                "viz: declares sim and its main code uses none of it; remove it from viz/pom.xml (or scope it to test)"), deps);
    }

    @Test
    void modelHasNoDependencies() throws IOException {
        String pom = Files.readString(Bundled.root().getParent().resolve("model/pom.xml"));
        String main = pom.replaceAll("(?s)<dependency>.*?<scope>test</scope>.*?</dependency>", "");
        assertEquals(false, main.contains("<dependency>"), "model/pom.xml must have test dependencies only");
    }
}
