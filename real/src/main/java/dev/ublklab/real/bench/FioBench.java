package dev.ublklab.real.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ublklab.real.sys.Uapi;
import dev.ublklab.real.ublk.Control;
import dev.ublklab.real.ublk.DataPath;
import dev.ublklab.real.ublk.UblkException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The side-by-side benchmark (in the guest, one boot): the same fio jobs (Debian's fio, io_uring engine,
 * O_DIRECT, 4 KiB randread and randwrite, QD 1/16/64, one and two jobs) against kublk's null target, the
 * Java server's RAM target (each in copy, user-copy and, where the kernel has it, zero-copy), the loop
 * device over tmpfs and null_blk. Rounds interleave the devices (A B C .. A B C ..) so that a host whose
 * load drifts hurts them alike; the report gives medians over rounds, p50/p99 completion latency and the
 * ratio Java/kublk per cell. Raw fio JSON is kept in the work dir.
 *
 * <pre>java -cp ... dev.ublklab.real.bench.FioBench --kublk PATH --work DIR [--rounds 3] [--runtime 1]
 *   [--server-jvm "-XX:TieredStopAtLevel=1"]</pre>
 */
public final class FioBench {
    private FioBench() {}

    /** One fio job: randread or randwrite at an iodepth with numjobs threads. */
    record Cell(String rw, int qd, int jobs) {
        String name() { return rw + "-qd" + qd + "-j" + jobs; }
    }

    /** One round's figures of a cell: fio's IOPS and completion-latency percentiles (microseconds). */
    record Sample(double iops, double p50, double p99) {}

    static final List<Cell> CELLS = cells();
    static final long REGION = 128L << 20;

    private static List<Cell> cells() {
        List<Cell> cs = new ArrayList<>();
        for (String rw : List.of("randread", "randwrite")) {
            for (int qd : new int[] {1, 16, 64}) for (int j : new int[] {1, 2}) cs.add(new Cell(rw, qd, j));
        }
        return List.copyOf(cs);
    }

    /** {@code c2}: a second set of Java servers with the JVM's default JIT (C1 then C2), named "java-c2 MODE". */
    record Options(Path kublk, Path work, int rounds, double runtime, List<String> serverJvm, boolean c2) {}

    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals("--report-only")) {
            System.exit(reportOnly(Path.of(args[1])));
            return;
        }
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("fio-bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Subjects subjects = new Subjects(o);
        Runtime.getRuntime().addShutdownHook(new Thread(subjects::close, "fio-bench-teardown"));
        try {
            run(o, subjects);
            System.exit(0);
        } catch (UblkException e) {
            System.err.println("fio-bench: " + e.getMessage());
            System.exit(e.exitCode());
        } catch (IOException | RuntimeException e) {
            System.err.println("fio-bench: " + e);
            System.exit(1);
        }
    }

    static Options parse(String[] args) {
        Path kublk = null, work = Path.of("target", "fio-bench");
        int rounds = 3;
        double runtime = 1;
        boolean c2 = false;
        List<String> jvm = List.of("-XX:TieredStopAtLevel=1");
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) throw new IllegalArgumentException("missing value after " + args[i]);
            String v = args[i + 1];
            switch (args[i]) {
                case "--kublk" -> kublk = Path.of(v);
                case "--work" -> work = Path.of(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--runtime" -> runtime = Double.parseDouble(v);
                case "--server-jvm" -> jvm = v.isBlank() ? List.of() : List.of(v.trim().split("\\s+"));
                case "--c2" -> c2 = Boolean.parseBoolean(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (kublk != null && !Files.isExecutable(kublk)) throw new IllegalArgumentException("--kublk " + kublk + " is not executable");
        if (rounds < 1) throw new IllegalArgumentException("--rounds must be >= 1");
        return new Options(kublk, work, rounds, runtime, jvm, c2);
    }

    private static void run(Options o, Subjects subjects) throws IOException {
        Files.createDirectories(o.work());
        long features;
        try (Control c = Control.open()) {
            features = c.getFeatures();
        }
        System.out.println("fio-bench: kernel " + System.getProperty("os.version") + " GET_FEATURES=0x" + Long.toHexString(features)
            + "; " + Shell.out("fio", "--version") + "; rounds=" + o.rounds() + " runtime=" + o.runtime() + "s per cell");
        List<DataPath> modes = new ArrayList<>(List.of(DataPath.COPY, DataPath.USER_COPY));
        if ((features & Uapi.UBLK_F_SUPPORT_ZERO_COPY) != 0) modes.add(DataPath.ZERO_COPY);
        else System.out.println("fio-bench: zero-copy skipped: no UBLK_F_SUPPORT_ZERO_COPY in this kernel");
        subjects.setUp(modes);
        Path jobs = writeJobFile(o);
        // unmeasured: the Java servers' JIT (seconds under TCG) and every device's first touch
        Path warm = o.work().resolve("warm-up.fio");
        Files.writeString(warm, "[warm-up]\nioengine=io_uring\ndirect=1\nbs=4k\nsize=" + REGION
            + "\nrw=randrw\niodepth=16\ntime_based=1\nruntime=3s\n");
        for (Subjects.Subject s : subjects.all()) Shell.run("fio", "--output=/dev/null", "--filename=" + s.device(), warm.toString());
        Map<String, Map<Cell, List<Sample>>> results = new LinkedHashMap<>();
        for (int round = 1; round <= o.rounds(); round++) {
            for (Subjects.Subject s : subjects.all()) {
                Path out = o.work().resolve("fio-" + s.name().replace(' ', '_') + "-r" + round + ".json");
                long t0 = System.nanoTime();
                // a device that stops completing IO (seen once with null_blk under a loaded host) costs its round
                long limit = Math.round(CELLS.size() * (o.runtime() + 0.2) * 10) + 120;
                Shell.Done d = Shell.run(limit, "fio", "--output-format=json", "--output=" + out, "--filename=" + s.device(), jobs.toString());
                Map<Cell, Sample> got = d.rc() == 0 ? parseFio(out) : Map.of();
                if (got.size() != CELLS.size()) {      // a device that died (a server crash) costs its cells, not the run
                    System.out.println("fio-bench: round " + round + " " + s.name() + " FAILED: fio exit " + d.rc() + ": " + d.out());
                    continue;
                }
                got.forEach((c, x) -> results.computeIfAbsent(s.name(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(c, k -> new ArrayList<>()).add(x));
                System.out.printf("fio-bench: round %d %-16s %s (%.0f s)%n", round, s.name(), brief(got),
                    (System.nanoTime() - t0) / 1e9);
            }
        }
        subjects.close();
        subjects.stats().forEach(System.out::println);
        FioReport.print(results, modes, System.out);
    }

    /**
     * The tables again from the fio JSON a run left in its work dir (fio-NAME-rN.json), e.g. after a run that
     * did not finish; subjects in the order their first round was written.
     */
    static int reportOnly(Path work) {
        Map<String, Map<Cell, List<Sample>>> results = new LinkedHashMap<>();
        try (var ls = Files.list(work)) {
            List<Path> files = ls.filter(f -> f.getFileName().toString().matches("fio-.+-r\\d+\\.json"))
                .sorted(java.util.Comparator.comparing(f -> f.toFile().lastModified())).toList();
            for (Path f : files) {
                String name = f.getFileName().toString().replaceAll("^fio-|-r\\d+\\.json$", "").replace('_', ' ');
                parseFio(f).forEach((c, x) -> results.computeIfAbsent(name, k -> new LinkedHashMap<>())
                    .computeIfAbsent(c, k -> new ArrayList<>()).add(x));
            }
        } catch (IOException e) {
            System.err.println("fio-bench: " + e.getMessage());
            return 2;
        }
        FioReport.print(results, List.of(), System.out);
        return 0;
    }

    private static String brief(Map<Cell, Sample> got) {
        StringBuilder b = new StringBuilder();
        got.forEach((c, s) -> { if (c.jobs() == 1) b.append(c.rw().substring(4, 8)).append(c.qd()).append('=').append(Math.round(s.iops())).append(' '); });
        return b.toString().trim();
    }

    /** The jobs, one stonewalled group each (one fio process per device and round: fio starts slowly under TCG). */
    static Path writeJobFile(Options o) throws IOException {
        StringBuilder b = new StringBuilder("[global]\nioengine=io_uring\ndirect=1\nbs=4k\nsize=" + REGION
            + "\ntime_based=1\nruntime=" + Math.round(o.runtime() * 1000) + "ms\nramp_time=200ms\ngroup_reporting=1\n"
            + "randrepeat=0\nnorandommap=1\n");
        for (Cell c : CELLS) {
            b.append('[').append(c.name()).append("]\nstonewall\nnew_group\nrw=").append(c.rw()).append("\niodepth=").append(c.qd())
                .append("\nnumjobs=").append(c.jobs()).append('\n');
        }
        Path f = o.work().resolve("cells.fio");
        Files.writeString(f, b.toString());
        return f;
    }

    /** fio's JSON (group_reporting: one "jobs" entry per group, named after the cell). */
    static Map<Cell, Sample> parseFio(Path json) throws IOException {
        String text = Files.readString(json);
        int start = text.indexOf('{');                  // fio may print notes before the JSON
        JsonNode root = new ObjectMapper().readTree(start < 0 ? text : text.substring(start));
        Map<Cell, Sample> out = new LinkedHashMap<>();
        for (JsonNode job : root.path("jobs")) {
            String name = job.path("jobname").asText();
            for (Cell c : CELLS) {
                if (!c.name().equals(name)) continue;
                JsonNode side = job.path(c.rw().equals("randread") ? "read" : "write");
                JsonNode pct = side.path("clat_ns").path("percentile");
                out.put(c, new Sample(side.path("iops").asDouble(), pct.path("50.000000").asDouble() / 1e3,
                    pct.path("99.000000").asDouble() / 1e3));
            }
        }
        return out;
    }
}
