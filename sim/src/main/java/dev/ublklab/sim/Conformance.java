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

    /** The verdict: {@code explained} observations matched; {@code failedAt} is -1 when all were. */
    public record Match(Verdict verdict, int explained, int failedAt, String reason) {
        public boolean conforms() {
            return verdict == Verdict.PASSED;
        }
    }

    /** A model state and the completions ("io=result") not observed yet, kept sorted. */
    record Node(World world, List<String> pending) {
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
        return search(model, observed, maxStates);
    }

    /**
     * A verdict and, when the trace conforms, the model steps of one behaviour that explains it; when
     * it does not, what the model could have shown instead of the first unexplained observation.
     */
    public record Witnessed(Match result, List<Step> steps, List<String> expected) {}

    /**
     * {@link #check} by a depth-first search that tries the observed step before silent ones, and
     * returns the model run that explains a conforming trace (the fidelity campaign counts its
     * events) or, for one that does not conform, what the model could have shown instead of the
     * first observation it cannot explain. Same answer as check within the bounds; much faster on
     * conforming traces, which need one path, not the whole closure. {@code maxStates} bounds the
     * (node, observation) pairs visited over the whole search.
     */
    public static Witnessed witness(Model model, List<Observation> observed, int maxStates) {
        return WitnessSearch.run(model, observed, maxStates);
    }

    private static Match search(Model model, List<Observation> observed, int maxStates) {
        Pins pins = new Pins(model, observed);
        Set<Node> frontier = new LinkedHashSet<>();
        frontier.add(new Node(model.initial(), List.of()));
        for (int i = 0; i < observed.size(); i++) {
            Observation want = observed.get(i);
            Set<Node> closed = close(model, frontier, maxStates, pins, i);
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
    private static Set<Node> close(Model model, Set<Node> from, int maxStates, Pins pins, int round) {
        Set<Node> seen = new HashSet<>(from);
        ArrayDeque<Node> queue = new ArrayDeque<>(from);
        Set<Node> out = new LinkedHashSet<>(from);
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            for (Event e : model.enabled(n.world())) {
                if (e instanceof Event.AllocTag a && pins.excludes(a, round)) {
                    continue;
                }
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

    /**
     * Tag pinning, the search's one reduction: the kernel's tag choice (sbitmap) is free in the model,
     * and every free tag is a branch. A fetch that only one IO can carry (its op, and its start sector
     * inside that IO's range) names the tag that IO's request holds. So when IO x takes a tag while
     * the next fetch x could carry is x's alone, every other tag is a branch no explanation goes
     * through: that fetch must be x's next, on the tag taken now (a request gives its tag back only
     * after a commit, which needs a fetch, or ends without any fetch when aborted — and then no later
     * fetch is x's). Ambiguous fetches pin nothing. The verdict is the unpruned search's.
     */
    static final class Pins {
        private final List<Observation> observed;
        private final boolean[][] carries;          // [observation][io]: a fetch that io could carry
        private final int[] only;                   // [observation]: the one io that can carry it, or -1

        Pins(Model model, List<Observation> observed) {
            this.observed = observed;
            int ios = model.setup().ios().size();
            carries = new boolean[observed.size()][ios];
            only = new int[observed.size()];
            for (int j = 0; j < observed.size(); j++) {
                only[j] = -1;
                if (!(observed.get(j) instanceof Observation.Fetch o)) {
                    continue;
                }
                int count = 0;
                for (int x = 0; x < ios; x++) {
                    var spec = model.setup().ios().get(x);
                    boolean fits = spec.op().name().equals(o.op()) && (!spec.op().hasData()
                            || o.sector() >= spec.sector() && o.sector() < spec.sector() + spec.bytes() / 512);
                    carries[j][x] = fits;
                    if (fits) {
                        count++;
                        only[j] = x;
                    }
                }
                if (count != 1) {
                    only[j] = -1;
                }
            }
        }

        /** True when the next fetch that a.io() could carry (from observation {@code from} on) is its alone, on another tag. */
        boolean excludes(Event.AllocTag a, int from) {
            for (int j = from; j < observed.size(); j++) {
                if (carries[j][a.io()]) {
                    Observation.Fetch o = (Observation.Fetch) observed.get(j);
                    return only[j] == a.io() && (o.tag().queue() != a.queue() || o.tag().index() != a.tag());
                }
            }
            return false;
        }
    }

    /** The distinct observations the nodes could show next (completions they owe included), sorted. */
    static List<String> expected(Model model, java.util.Collection<Node> closed) {
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
