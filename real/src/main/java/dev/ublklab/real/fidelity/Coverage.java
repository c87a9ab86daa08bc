package dev.ublklab.real.fidelity;

import dev.ublklab.model.Behaviour;
import dev.ublklab.model.Event;
import dev.ublklab.model.Facts;
import dev.ublklab.model.KernelVersion;
import dev.ublklab.model.Variant;
import dev.ublklab.sim.Chooser;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.Simulator;
import dev.ublklab.sim.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Coverage of the model by the kernel: per kernel, for every model event kind, every guard outcome
 * (an errno or an end the model's step reported: a negative {@code res}/{@code result}, a requeue,
 * a cancel, a deferral) and every behaviour switch of the judged version, in how many scenarios the
 * real kernel exhibited it (it is on the model run that explains the trace) and in how many the
 * model itself showed it (a random model runs of the same scenario). What the model shows and the
 * kernel never did is the warning list: there the model may be looser than the kernel, or the
 * generator never reaches it.
 */
public final class Coverage {
    /** An empty tally. */
    public Coverage() {}

    /** Facts whose values are outcomes (errno paths and ends), not amounts. */
    private static final Set<String> OUTCOME_FACTS = Set.of("res", "result", "ioResult", "status", "requeued", "cancelled",
        "deferred", "stale", "oops", "flaw", "handled");

    /** Random model runs per scenario: what the model "shows" is the union of their items. */
    static final int MODEL_RUNS = 4;

    /** kernel -> category -> item -> {kernel scenarios, model scenarios}. */
    private final Map<String, Map<String, Map<String, long[]>>> counts = new TreeMap<>();

    /** Every event kind of the model's vocabulary (the sealed Event hierarchy), in a stable order. */
    static List<String> eventKinds() {
        List<String> out = new ArrayList<>();
        collect(Event.class, out);
        out.sort(null);
        return out;
    }

    private static void collect(Class<?> c, List<String> out) {
        if (c.isRecord()) out.add(c.getSimpleName());
        if (c.getPermittedSubclasses() != null) for (Class<?> s : c.getPermittedSubclasses()) collect(s, out);
    }

    /** Adds one conforming scenario: its witness counts for the kernel, random model runs of it for the model. */
    void add(String kernel, Judged j) {
        if (j.status() != Judged.Status.CONFORMS) return;          // both columns over the same, explained, scenarios
        Map<String, Map<String, long[]>> k = counts.computeIfAbsent(kernel, x -> seed());
        KernelVersion v = j.version();
        Scenario onV = j.scenario().withSetup(new dev.ublklab.real.replay.GuestKernel(v, j.release(), false)
            .judgeSetup(j.recording().plan().setup()));
        count(k, items(j.witness(), v, onV), 0);
        Set<String> model = new LinkedHashSet<>();
        for (int run = 0; run < MODEL_RUNS; run++) {
            model.addAll(items(Simulator.of(onV).run(Chooser.random(onV.seed() + run), true).steps(), v, onV));
        }
        count(k, model, 1);
    }

    private static Map<String, Map<String, long[]>> seed() {
        Map<String, Map<String, long[]>> m = new TreeMap<>();
        for (String e : eventKinds()) m.computeIfAbsent("event", x -> new TreeMap<>()).put(e, new long[2]);
        for (Behaviour b : Behaviour.values()) m.computeIfAbsent("behaviour", x -> new TreeMap<>()).put(b.id(), new long[2]);
        m.computeIfAbsent("outcome", x -> new TreeMap<>());
        return m;
    }

    private static void count(Map<String, Map<String, long[]>> k, Set<String> items, int column) {
        for (String it : items) {
            int colon = it.indexOf(':');
            k.computeIfAbsent(it.substring(0, colon), x -> new TreeMap<>()).computeIfAbsent(it.substring(colon + 1), x -> new long[2])[column]++;
        }
    }

    /** The items one run shows: "event:Kind", "outcome:Kind fact=value", "behaviour:id". */
    static Set<String> items(List<Step> steps, KernelVersion v, Scenario s) {
        Set<String> out = new LinkedHashSet<>();
        boolean crash = false;
        for (Step st : steps) {
            String kind = st.event().getClass().getSimpleName();
            out.add("event:" + kind);
            crash |= st.event() instanceof Event.Crash || st.event() instanceof Event.Abort;
            Facts f = st.facts();
            for (int i = 0; f != null && i < f.names().size(); i++) {
                String name = f.names().get(i).wire();
                if (!OUTCOME_FACTS.contains(name)) continue;
                Object val = f.values().get(i);
                boolean negative = val instanceof Number n && n.longValue() < 0;
                if (name.equals("res") || name.equals("result") || name.equals("ioResult")) {
                    if (negative) out.add("outcome:" + kind + " " + name + "=" + val);
                } else {
                    out.add("outcome:" + kind + " " + name + (val instanceof Number || val.toString().isEmpty() ? "" : "=" + val));
                }
            }
        }
        if (!steps.isEmpty()) behaviours(out, v, s.setup().config().variant(), crash);
        return out;
    }

    /**
     * A switch is exhibited when a run needs it: the data path's switch for every run on that path,
     * the simplified lifecycle for a run with a daemon crash; a switch this class does not know yet
     * (a newer version's) counts every run judged with it on.
     */
    private static void behaviours(Set<String> out, KernelVersion v, Variant path, boolean crash) {
        for (Behaviour b : v.behaviours()) {
            boolean shown;
            if (b == Behaviour.COPY_PATH || b == Behaviour.USER_COPY || b == Behaviour.ZERO_COPY || b == Behaviour.SPLICE_ZC) {
                shown = KernelVersion.dataPath(path) == b;
            } else if (b == Behaviour.SIMPLE_LIFECYCLE) {
                shown = crash;
            } else {
                shown = true;
            }
            if (shown) out.add("behaviour:" + b.id());
        }
    }

    /** Rows: kernel, category, item, kernel count, model count; in a stable order. */
    public List<String[]> rows() {
        List<String[]> out = new ArrayList<>();
        counts.forEach((k, cats) -> cats.forEach((cat, items) -> items.forEach((it, n) ->
            out.add(new String[] {k, cat, it, Long.toString(n[0]), Long.toString(n[1])}))));
        return out;
    }

    /** What the model showed and the kernel never did. */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        for (String[] r : rows()) if (r[3].equals("0") && !r[4].equals("0")) out.add(r[0] + " " + r[1] + " " + r[2] + " (model " + r[4] + ")");
        return out;
    }

    /** Per kernel and category: items the kernel showed at least once, of all items the tally has. */
    public List<String> summary() {
        List<String> out = new ArrayList<>();
        counts.forEach((k, cats) -> cats.forEach((cat, items) -> {
            long seen = items.values().stream().filter(n -> n[0] > 0).count();
            long model = items.values().stream().filter(n -> n[1] > 0).count();
            out.add(k + " " + cat + ": kernel showed " + seen + " of " + items.size() + " (the model's runs showed " + model + ")");
        }));
        return out;
    }

    public void writeCsv(Path file) throws IOException {
        StringBuilder b = new StringBuilder("kernel,category,item,kernel_scenarios,model_scenarios\n");
        for (String[] r : rows()) b.append(r[0]).append(',').append(r[1]).append(",\"").append(r[2].replace("\"", "'"))
            .append("\",").append(r[3]).append(',').append(r[4]).append('\n');
        Files.writeString(file, b);
    }
}
