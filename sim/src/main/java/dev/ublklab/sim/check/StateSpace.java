package dev.ublklab.sim.check;

import dev.ublklab.model.Event;
import dev.ublklab.model.Model;
import dev.ublklab.model.World;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DirectedPseudograph;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.AttributeType;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;
import org.jgrapht.nio.graphml.GraphMLExporter;

/**
 * The explored state graph of a small space: vertices are state ordinals, edges are
 * {@link Step}s. Kept only up to {@link Options#graphLimit()} states; used for livelocks and for
 * the DOT / GraphML export.
 */
final class StateSpace {
    /**
     * One transition. JGraphT merges value-equal edges, so each edge carries its endpoints and its
     * choice index, which together are unique.
     */
    record Step(int from, int to, int choice, Event event, boolean completes) {}

    private long[] fps = new long[1024];
    private int states;
    private final List<Step> steps = new ArrayList<>();
    private final Map<Integer, String> marks = new LinkedHashMap<>();

    void addState(int ordinal, long fp) {
        if (ordinal >= fps.length) {
            fps = Arrays.copyOf(fps, fps.length * 2);
        }
        fps[ordinal] = fp;
        states = Math.max(states, ordinal + 1);
    }

    void addStep(Step s) {
        steps.add(s);
    }

    /** Marks a state "violated: ..." or "deadlocked: ..." for the export. */
    void mark(int ordinal, String what) {
        marks.putIfAbsent(ordinal, what);
    }

    /** Forgets every state from ordinal {@code n} on (see {@link Links#truncate}); their steps were not added yet. */
    void truncate(int n) {
        states = Math.min(states, n);
    }

    int states() {
        return states;
    }

    private Graph<Integer, Step> graph(boolean withCompleting) {
        Graph<Integer, Step> g = new DirectedPseudograph<>(Step.class);
        for (int v = 0; v < states; v++) {
            g.addVertex(v);
        }
        for (Step s : steps) {
            if (withCompleting || !s.completes()) {
                g.addEdge(s.from(), s.to(), s);
            }
        }
        return g;
    }

    /**
     * A cycle on which no IO completes, as vertex ordinals from its entry back to it, or null.
     * Strongly connected components of the graph without completing steps (Kosaraju, on a thread
     * with a deep stack so no space under the limit can overflow it); a component is a cycle when
     * it has two states or a self-loop. The entry is the component's state with the lowest
     * ordinal, the one BFS reached first, so the prefix is as short as the component allows.
     */
    int[] livelockCycle() {
        Graph<Integer, Step> g = graph(false);
        List<Set<Integer>> sccs = onDeepStack(() -> new KosarajuStrongConnectivityInspector<>(g).stronglyConnectedSets());
        int entry = -1;
        Set<Integer> best = null;
        for (Set<Integer> c : sccs) {
            int min = c.stream().mapToInt(Integer::intValue).min().orElse(-1);
            boolean cyclic = c.size() > 1 || g.containsEdge(min, min);
            if (cyclic && (entry < 0 || min < entry)) {
                entry = min;
                best = c;
            }
        }
        return best == null ? null : cycleThrough(g, best, entry);
    }

    /** A shortest path from {@code v} back to itself inside the component (BFS). */
    private static int[] cycleThrough(Graph<Integer, Step> g, Set<Integer> comp, int v) {
        Map<Integer, Integer> parent = new LinkedHashMap<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(v));
        while (!queue.isEmpty()) {
            int u = queue.poll();
            for (Step s : g.outgoingEdgesOf(u)) {
                int x = s.to();
                if (x == v) {
                    List<Integer> path = new ArrayList<>(List.of(v));
                    for (int y = u; y != v; y = parent.get(y)) {
                        path.add(1, y);
                    }
                    path.add(v);
                    return path.stream().mapToInt(Integer::intValue).toArray();
                }
                if (comp.contains(x) && !parent.containsKey(x)) {
                    parent.put(x, u);
                    queue.add(x);
                }
            }
        }
        throw new IllegalStateException("a strongly connected component without a cycle through " + v);
    }

    /**
     * Follows {@code cycle} from {@code start} by fingerprints: states are canonical, so the
     * concrete run may come back to a renamed copy of {@code start}; going round again until it
     * is the same concrete state (the renaming's order, at most depth! rounds, bounded here)
     * gives a true lasso.
     */
    Counterexample walkCycle(Model m, Fingerprints fp, World start, int[] cycle) {
        List<Event> events = new ArrayList<>();
        List<Integer> schedule = new ArrayList<>();
        World w = start;
        // Fingerprints see generations relative to each tag's current one, so a cycle may come back
        // with every generation moved on; it is closed when the raw fingerprint (tag names kept)
        // comes back too.
        Fingerprints raw = new Fingerprints(m, false);
        long home = raw.of(start);
        for (int round = 0; round < 64; round++) {
            for (int k = 1; k < cycle.length; k++) {
                List<Event> enabled = m.enabled(w);
                int chosen = -1;
                for (int i = 0; i < enabled.size() && chosen < 0; i++) {
                    if (fp.of(m.step(w, enabled.get(i)).world()) == fps[cycle[k]]) {
                        chosen = i;
                    }
                }
                if (chosen < 0) {
                    throw new IllegalStateException("cycle step " + k + " is not reproducible");
                }
                w = m.step(w, enabled.get(chosen)).world();
                events.add(enabled.get(chosen));
                schedule.add(chosen);
            }
            if (w.equals(start) || raw.of(w) == home) {
                break;
            }
        }
        return new Counterexample(events, schedule);
    }

    /** Runs {@code f} on a thread with a 1 GiB stack; its errors (OutOfMemoryError too) reach the caller. */
    private static <T> T onDeepStack(java.util.function.Supplier<T> f) {
        Object[] out = new Object[1];
        Throwable[] err = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                out[0] = f.get();
            } catch (RuntimeException | Error e) {
                err[0] = e;
            }
        }, "check-scc", 1L << 30);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while searching for cycles", e);
        }
        if (err[0] instanceof Error e) {
            throw e;
        }
        if (err[0] instanceof RuntimeException e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T r = (T) out[0];
        return r;
    }

    /** A generous estimate of the heap the JGraphT graph of this space takes (measured: ~120 bytes per edge). */
    long graphBytes() {
        return states * 200L + steps.size() * 200L;
    }

    /** Writes the graph as DOT or GraphML (by the file name), marked states coloured. */
    void export(Path path) {
        Graph<Integer, Step> g = graph(true);
        boolean graphml = path.getFileName().toString().endsWith(".graphml");
        try (Writer out = Files.newBufferedWriter(path)) {
            if (graphml) {
                GraphMLExporter<Integer, Step> x = new GraphMLExporter<>(v -> "s" + v);
                x.registerAttribute("label", GraphMLExporter.AttributeCategory.ALL, AttributeType.STRING);
                x.registerAttribute("mark", GraphMLExporter.AttributeCategory.NODE, AttributeType.STRING);
                x.registerAttribute("completes", GraphMLExporter.AttributeCategory.EDGE, AttributeType.BOOLEAN);
                x.setVertexAttributeProvider(this::vertexAttributes);
                x.setEdgeAttributeProvider(StateSpace::edgeAttributes);
                x.exportGraph(g, out);
            } else {
                DOTExporter<Integer, Step> x = new DOTExporter<>(v -> "s" + v);
                x.setVertexAttributeProvider(this::vertexAttributes);
                x.setEdgeAttributeProvider(StateSpace::edgeAttributes);
                x.exportGraph(g, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Attribute> vertexAttributes(Integer v) {
        Map<String, Attribute> a = new LinkedHashMap<>();
        String mark = marks.get(v);
        a.put("label", DefaultAttribute.createAttribute(v == 0 ? "initial" : String.valueOf(v)));
        if (mark != null) {
            a.put("mark", DefaultAttribute.createAttribute(mark));
            a.put("color", DefaultAttribute.createAttribute(mark.startsWith("violated") ? "red" : "orange"));
            a.put("style", DefaultAttribute.createAttribute("filled"));
        }
        return a;
    }

    private static Map<String, Attribute> edgeAttributes(Step s) {
        Map<String, Attribute> a = new LinkedHashMap<>();
        a.put("label", DefaultAttribute.createAttribute(s.event().toString()));
        a.put("completes", DefaultAttribute.createAttribute(s.completes()));
        return a;
    }
}
