package dev.ublklab.sim;

import dev.ublklab.model.Event;
import dev.ublklab.model.Facts;
import dev.ublklab.model.Model;
import dev.ublklab.model.Outcome;
import dev.ublklab.model.World;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Is an observed trace one of the model's behaviours? A breadth-first search over model states
 * that may take any number of unobservable steps between two observed events, and must make each
 * observed event, in order, with a step that shows exactly it.
 *
 * <p>A search node is a model state plus the completions the model has made that the observer has
 * not reaped yet: a client sees an IO's completion some time after the kernel ended the request,
 * so an observed {@code complete} matches any earlier, still pending model completion. The
 * frontier after observation i holds the nodes in which the first i observations are explained.
 * Each round closes the frontier under silent steps (bounded by {@code maxStates}), then keeps the
 * nodes that show observation i+1. An empty frontier names the first observation the model cannot
 * explain.
 */
public final class Conformance {
    private Conformance() {}

    /** The verdict: {@code explained} observations matched; {@code failedAt} is -1 when all were. */
    public record Result(boolean conforms, int explained, int failedAt, String reason) {}

    /** A model state and the completions ("io=result") not observed yet, kept sorted. */
    private record Node(World world, List<String> pending) {
        Node with(World w, Observation completion) {
            if (completion == null) {
                return new Node(w, pending);
            }
            List<String> p = new ArrayList<>(pending);
            p.add(completion.io() + "=" + completion.result());
            p.sort(null);
            return new Node(w, List.copyOf(p));
        }
    }

    public static Result check(Model model, List<Observation> observed, int maxStates) {
        return search(model, observed, maxStates, null);
    }

    /**
     * A verdict and, when the trace conforms, the model steps of one behaviour that explains it; when
     * it does not, what the model could have shown instead of the first unexplained observation.
     */
    public record Witnessed(Result result, List<Step> steps, List<String> expected) {}

    /**
     * {@link #check}, remembering how each node was first reached in each round, so that a
     * conforming trace comes with one explaining run (the fidelity campaign counts its events).
     * Costs memory for every node of every round; the verdict is the same as check's.
     */
    public static Witnessed witness(Model model, List<Observation> observed, int maxStates) {
        Links links = new Links();
        Result r = search(model, observed, maxStates, links);
        return new Witnessed(r, r.conforms() ? links.path(model, observed.size()) : List.of(), links.expected);
    }

    /** A link: the node a node was first reached from, by which event (null: an observed completion reaped). */
    private record Link(Node from, Event event, Facts facts) {}

    /** Per round: how nodes were reached by silent steps (close) and by the observed step (match). */
    private static final class Links {
        final List<Map<Node, Link>> silent = new ArrayList<>();
        final List<Map<Node, Link>> observed = new ArrayList<>();
        Node last;
        List<String> expected = List.of();

        Map<Node, Link> round(List<Map<Node, Link>> l, int i) {
            while (l.size() <= i) l.add(new HashMap<>());
            return l.get(i);
        }

        /** Walks back from a node of the last frontier to the initial state. */
        List<Step> path(Model model, int rounds) {
            List<Step> back = new ArrayList<>();
            Node n = last;
            int r = rounds;
            while (n != null) {
                Link l = r < silent.size() ? silent.get(r).get(n) : null;
                if (l == null && r > 0) {
                    l = round(observed, r).get(n);
                    r--;
                }
                if (l == null) break;
                if (l.event() != null) back.add(new Step(0, l.event(), l.facts()));     // null: a completion reaped
                n = l.from();
            }
            List<Step> out = new ArrayList<>();
            for (int i = back.size() - 1; i >= 0; i--) out.add(new Step(out.size() + 1, back.get(i).event(), back.get(i).facts()));
            return out;
        }
    }

    private static Result search(Model model, List<Observation> observed, int maxStates, Links links) {
        Set<Node> frontier = new LinkedHashSet<>();
        frontier.add(new Node(model.initial(), List.of()));
        for (int i = 0; i < observed.size(); i++) {
            Observation want = observed.get(i);
            Set<Node> closed = close(model, frontier, maxStates, links == null ? null : links.round(links.silent, i));
            if (closed == null) {
                return new Result(false, i, i, "search limit of " + maxStates + " states reached before observation " + (i + 1) + ": " + want);
            }
            Set<Node> next = new LinkedHashSet<>();
            for (Node n : closed) {
                match(model, n, want, next, links == null ? null : links.round(links.observed, i + 1));
            }
            if (next.isEmpty()) {
                if (links != null) {
                    links.expected = expected(model, closed);
                }
                return new Result(false, i, i, "the model cannot explain observation " + (i + 1) + ": " + want);
            }
            frontier = next;
        }
        if (links != null) {
            Set<Node> end = close(model, frontier, maxStates, links.round(links.silent, observed.size()));
            links.last = end == null || end.isEmpty() ? frontier.iterator().next() : end.iterator().next();
            for (Node n : end == null ? frontier : end) {
                if (n.pending().isEmpty() && model.enabled(n.world()).isEmpty()) {
                    links.last = n;          // prefer a run that ended: every completion reaped, nothing left to do
                    break;
                }
            }
        }
        return new Result(true, observed.size(), -1, "every observed event is a model behaviour");
    }

    /** Every node reachable from {@code from} by steps that show nothing but a completion; null past the limit. */
    private static Set<Node> close(Model model, Set<Node> from, int maxStates, Map<Node, Link> links) {
        Set<Node> seen = new HashSet<>(from);
        ArrayDeque<Node> queue = new ArrayDeque<>(from);
        Set<Node> out = new LinkedHashSet<>(from);
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            for (Event e : model.enabled(n.world())) {
                Outcome.Next step = model.step(n.world(), e);
                List<Observation> shows = Observation.of(model.setup(), e, step.facts());
                if (!shows.isEmpty() && !shows.get(0).kind().equals("complete")) {
                    continue;
                }
                Node m = n.with(step.world(), shows.isEmpty() ? null : shows.get(0));
                if (seen.add(m)) {
                    if (links != null) {
                        links.putIfAbsent(m, new Link(n, e, step.facts()));
                    }
                    if (seen.size() > maxStates) {
                        return null;
                    }
                    queue.add(m);
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static void match(Model model, Node n, Observation want, Set<Node> next, Map<Node, Link> links) {
        if (want.kind().equals("complete")) {
            String key = want.io() + "=" + want.result();
            if (n.pending().contains(key)) {
                List<String> p = new ArrayList<>(n.pending());
                p.remove(key);
                Node m = new Node(n.world(), List.copyOf(p));
                if (next.add(m) && links != null) {
                    links.putIfAbsent(m, new Link(n, null, null));
                }
            }
            return;
        }
        for (Event e : model.enabled(n.world())) {
            Outcome.Next step = model.step(n.world(), e);
            List<Observation> shows = Observation.of(model.setup(), e, step.facts());
            if (!shows.isEmpty() && shows.get(0).equals(want)) {
                Node m = n.with(step.world(), shows.size() > 1 ? shows.get(1) : null);
                if (next.add(m) && links != null) {
                    links.putIfAbsent(m, new Link(n, e, step.facts()));
                }
            }
        }
    }

    /** The distinct observations the nodes could show next (completions they owe included), sorted. */
    private static List<String> expected(Model model, Set<Node> closed) {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        for (Node n : closed) {
            for (String p : n.pending()) {
                int eq = p.lastIndexOf('=');
                out.add(Observation.complete(p.substring(0, eq), Long.parseLong(p.substring(eq + 1))).toString());
            }
            for (Event e : model.enabled(n.world())) {
                List<Observation> shows = Observation.of(model.setup(), e, model.step(n.world(), e).facts());
                if (!shows.isEmpty()) out.add(shows.get(0).toString());
            }
        }
        return List.copyOf(out);
    }

    /** The observations of a recorded model run, in order. */
    public static List<Observation> observe(Model model, List<Step> steps) {
        List<Observation> out = new ArrayList<>();
        for (Step s : steps) {
            out.addAll(Observation.of(model.setup(), s.event(), s.facts()));
        }
        return out;
    }
}
