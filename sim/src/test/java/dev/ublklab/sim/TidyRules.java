package dev.ublklab.sim;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of {@link TidyTest} as functions of source text, so that each can be shown to fail on
 * a planted violation. Paths are relative to the project ("viz/src/main/java/..."). Every
 * violation names the file and what to use instead.
 */
final class TidyRules {
    private TidyRules() {}

    /** JSON parsing (and trace-format text) belongs to the codecs; everything else uses them. */
    static final List<String> JSON_ALLOWED = List.of(
            "trace/src/main/java/dev/ublklab/trace/",                       // the trace contract
            "sim/src/main/java/dev/ublklab/sim/ScenarioCodec.java",          // scenarios in
            "sim/src/main/java/dev/ublklab/sim/LifecycleCodec.java",         // the scenario codec's lifecycle knobs
            "sim/src/main/java/dev/ublklab/sim/ScenarioWriter.java",         // scenarios out
            "real/src/main/java/dev/ublklab/real/replay/Recording.java",     // the replay's outcome sidecar
            "real/src/main/java/dev/ublklab/real/bench/FioBench.java",       // fio's --output-format=json, in only
            "viz/src/main/java/dev/ublklab/viz/PerfettoExport.java",         // Chrome trace-event JSON, out only
            "cli/src/main/java/dev/ublklab/cli/TraceReadBench.java");        // bench trace's Jackson baseline, nothing else
    private static final Pattern JSON = Pattern.compile(
            "com\\.fasterxml\\.jackson\\.(databind|core\\.JsonParser|core\\.JsonFactory)|\\\\\"(seq|trace)\\\\\":");

    /** The dense (queue, tag) encodings that are not blk-mq tag keys, or are the fingerprint's one place. */
    static final List<String> SHIFT_ALLOWED = List.of(
            "sim/src/main/java/dev/ublklab/sim/check/TagRef.java",           // the fingerprint's hot path
            "real/src/main/java/dev/ublklab/real/ublk/QueueDaemon.java");    // io_uring user_data (kublk's layout)
    private static final Pattern SHIFT = Pattern.compile("<<\\s*16\\s*\\|\\s*(?:[\\w.]*tag\\b(?:\\(\\))?|t\\b)|\\w\\s*>>>\\s*16\\b");

    /** trace/JSON parsing outside the codecs. */
    static List<String> jsonParsing(Map<String, String> sources) {
        List<String> out = new ArrayList<>();
        sources.forEach((path, text) -> {
            if (JSON_ALLOWED.stream().noneMatch(path::startsWith) && JSON.matcher(text).find()) {
                out.add(path + ": parses JSON or writes trace lines; use dev.ublklab.trace.TraceReader / TraceWriter"
                        + " for traces, sim's ScenarioCodec / ScenarioWriter for scenarios");
            }
        });
        return out;
    }

    /** (queue, tag) pairs packed with shifts outside Tag. */
    static List<String> shiftPackedTags(Map<String, String> sources) {
        List<String> out = new ArrayList<>();
        sources.forEach((path, text) -> {
            if (SHIFT_ALLOWED.stream().noneMatch(path::equals)) {
                Matcher m = SHIFT.matcher(text);
                if (m.find()) {
                    out.add(path + ": packs a tag with shifts (" + m.group() + "); use dev.ublklab.trace.Tag(queue, index)");
                }
            }
        });
        return out;
    }

    private static final Pattern LITERALS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)'|//.*$");
    private static final Pattern SIGNATURE = Pattern.compile("^\\s+(?:(?:public|private|protected|static|final|synchronized|default"
            + "|abstract)\\s+)*(?:<[^>]+>\\s+)?[\\w<>\\[\\],.? ]+\\s+\\w+\\s*\\(");
    private static final Pattern CONTROL = Pattern.compile("^\\s*(?:if|for|while|switch|catch|try|else|do|synchronized|return|new"
            + "|case|throw)\\b");

    /** Methods longer than {@code max} lines, as "path:line name (n lines)". */
    static List<String> longMethods(Map<String, String> sources, int max) {
        List<String> out = new ArrayList<>();
        sources.forEach((path, text) -> {
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                lines[i] = LITERALS.matcher(lines[i]).replaceAll("\"\"");
            }
            for (int i = 0; i < lines.length; i++) {
                if (!SIGNATURE.matcher(lines[i]).find() || CONTROL.matcher(lines[i]).find() || lines[i].contains(";")
                        || lines[i].contains("=")) {
                    continue;
                }
                int open = i;
                while (open < lines.length && !lines[open].contains("{") && !lines[open].contains(";")) {
                    open++;   // a signature over several lines
                }
                if (open == lines.length || !lines[open].contains("{")) {
                    continue;
                }
                int depth = 0;
                int j = open;
                for (; j < lines.length; j++) {
                    depth += count(lines[j], '{') - count(lines[j], '}');
                    if (depth <= 0) {
                        break;
                    }
                }
                int n = j - i + 1;
                if (n > max) {
                    out.add(path + ":" + (i + 1) + " " + lines[i].trim() + " (" + n + " lines; split it, at most " + max + ")");
                }
            }
        });
        return out;
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    /** Files longer than {@code max} lines, as "path (n lines)". */
    static List<String> longFiles(Map<String, String> sources, int max) {
        List<String> out = new ArrayList<>();
        sources.forEach((path, text) -> {
            int n = text.split("\n", -1).length - (text.endsWith("\n") ? 1 : 0);
            if (n > max) {
                out.add(path + " (" + n + " lines)");
            }
        });
        return out;
    }

    private static final Pattern IMPORT = Pattern.compile("\\b(dev\\.ublklab\\.(model|trace|sim|real|viz|cli)\\.|com\\.fasterxml\\.jackson"
            + "\\.(core|databind)\\.|org\\.jgrapht\\.(nio\\.)?|picocli\\.|javafx\\.(embed\\.swing\\.)?)");
    private static final Pattern COMMENTS = Pattern.compile("(?s)/\\*.*?\\*/|//[^\n]*");
    private static final Pattern DEPENDENCY = Pattern.compile("(?s)<dependency>(.*?)</dependency>");
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([\\w.-]+)</artifactId>");

    /** The artifact a module must declare to use what a source names. */
    static Set<String> used(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = IMPORT.matcher(COMMENTS.matcher(text).replaceAll(""));
        while (m.find()) {
            String name = m.group(1);
            if (m.group(2) != null) {
                out.add(m.group(2));
            } else if (m.group(3) != null) {
                out.add("jackson-" + m.group(3));
            } else if (name.startsWith("org.jgrapht")) {
                out.add(m.group(4) != null ? "jgrapht-io" : "jgrapht-core");
            } else if (name.startsWith("picocli")) {
                out.add("picocli");
            } else {
                out.add(m.group(5) != null ? "javafx-swing" : "javafx-controls");
            }
        }
        return out;
    }

    /** A pom's main (not test-scoped) dependencies, by artifactId. */
    static Set<String> declared(String pom) {
        Set<String> out = new TreeSet<>();
        Matcher m = DEPENDENCY.matcher(pom.replaceAll("(?s)<build>.*</build>", ""));
        while (m.find()) {
            if (!m.group(1).contains("<scope>test</scope>")) {
                Matcher a = ARTIFACT.matcher(m.group(1));
                if (a.find()) {
                    out.add(a.group(1));
                }
            }
        }
        return out;
    }

    /** Undeclared uses and unused declarations of module {@code module}. */
    static List<String> dependencies(String module, String pom, Map<String, String> mainSources) {
        Set<String> used = new LinkedHashSet<>();
        mainSources.values().forEach(t -> used.addAll(used(t)));
        used.remove(module);
        Set<String> declared = declared(pom);
        List<String> out = new ArrayList<>();
        for (String u : used) {
            if (!declared.contains(u)) {
                out.add(module + ": uses " + u + " without declaring it; add it to " + module + "/pom.xml");
            }
        }
        for (String d : declared) {
            if (!used.contains(d)) {
                out.add(module + ": declares " + d + " and its main code uses none of it; remove it from " + module
                        + "/pom.xml (or scope it to test)");
            }
        }
        return out;
    }
}
