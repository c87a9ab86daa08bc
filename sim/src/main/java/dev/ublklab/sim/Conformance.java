package dev.ublklab.sim;

import dev.ublklab.model.Event;
import dev.ublklab.model.Model;
import dev.ublklab.model.Outcome;
import dev.ublklab.model.World;
import dev.ublklab.trace.Observation;
import dev.ublklab.trace.Verdict;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
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

    /**
     * How an observed trace matched: PASSED (every observation explained), VIOLATED (observation
     * {@code failedAt} is not a model behaviour) or LIMIT (the search bound came first);
     * {@code explained} observations matched; {@code failedAt} is -1 when all were.
     */
    public record Match(Verdict verdict, int explained, int failedAt, String reason) {
        public boolean conforms() {
            return verdict == Verdict.PASSED;
        }
    }

    /** A model state and the completions ("io=result") not observed yet, kept sorted. */
    private record Node(World world, List<String> pending) {
        Node with(World w, Observation completion) {
            if (completion == null) {
                return new Node(w, pending);
            }
            Observation.Complete c = (Observation.Complete) completion;
            List<String> p = new ArrayList<>(pending);
            p.add(c.io() + "=" + c.result());
            p.sort(null);
            return new Node(w, List.copyOf(p));
        }
    }

    public static Match check(Model model, List<Observation> observed, int maxStates) {
        Set<Node> frontier = new LinkedHashSet<>();
        frontier.add(new Node(model.initial(), List.of()));
        for (int i = 0; i < observed.size(); i++) {
            Observation want = observed.get(i);
            Set<Node> closed = close(model, frontier, maxStates);
            if (closed == null) {
                return new Match(Verdict.LIMIT, i, i, "search limit of " + maxStates + " states reached before observation " + (i + 1) + ": " + want);
            }
            Set<Node> next = new LinkedHashSet<>();
            for (Node n : closed) {
                match(model, n, want, next);
            }
            if (next.isEmpty()) {
                return new Match(Verdict.VIOLATED, i, i, "the model cannot explain observation " + (i + 1) + ": " + want);
            }
            frontier = next;
        }
        return new Match(Verdict.PASSED, observed.size(), -1, "every observed event is a model behaviour");
    }

    /** Every node reachable from {@code from} by steps that show nothing but a completion; null past the limit. */
    private static Set<Node> close(Model model, Set<Node> from, int maxStates) {
        Set<Node> seen = new HashSet<>(from);
        ArrayDeque<Node> queue = new ArrayDeque<>(from);
        Set<Node> out = new LinkedHashSet<>(from);
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            for (Event e : model.enabled(n.world())) {
                Outcome.Next step = model.step(n.world(), e);
                List<Observation> shows = Observation.of(model.setup(), e, step.facts());
                if (!shows.isEmpty() && !(shows.get(0) instanceof Observation.Complete)) {
                    continue;
                }
                Node m = n.with(step.world(), shows.isEmpty() ? null : shows.get(0));
                if (seen.add(m)) {
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

    private static void match(Model model, Node n, Observation want, Set<Node> next) {
        if (want instanceof Observation.Complete c) {
            String key = c.io() + "=" + c.result();
            if (n.pending().contains(key)) {
                List<String> p = new ArrayList<>(n.pending());
                p.remove(key);
                next.add(new Node(n.world(), List.copyOf(p)));
            }
            return;
        }
        for (Event e : model.enabled(n.world())) {
            Outcome.Next step = model.step(n.world(), e);
            List<Observation> shows = Observation.of(model.setup(), e, step.facts());
            if (!shows.isEmpty() && shows.get(0).equals(want)) {
                next.add(n.with(step.world(), shows.size() > 1 ? shows.get(1) : null));
            }
        }
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
