package dev.ublklab.sim;

import dev.ublklab.trace.Observation;
import dev.ublklab.trace.Verdict;
import dev.ublklab.model.Event;
import dev.ublklab.model.Facts;
import dev.ublklab.model.Model;
import dev.ublklab.model.Outcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The depth-first form of {@link Conformance}'s search ({@link Conformance#witness}). A search node
 * is a model state, the completions not reaped yet, and how many observations it explains; from
 * each, the step that shows the next observation is tried before the silent ones, so a conforming
 * trace is usually explained along one path. Visited (node, observation) pairs are never entered
 * twice, so when the trace does not conform the search is as exhaustive as the breadth-first one;
 * the deepest observation reached is the first one the model cannot explain. The stack is explicit:
 * a path can be thousands of steps long.
 */
final class WitnessSearch {
    private WitnessSearch() {}

    private record Key(Conformance.Node node, int explained) {}

    /** A node on the stack: how it was reached, and the moves from it not tried yet. */
    private static final class Frame {
        final Conformance.Node node;
        final int explained;
        final Event event;
        final Facts facts;
        List<Frame> moves;
        int next;

        Frame(Conformance.Node node, int explained, Event event, Facts facts) {
            this.node = node;
            this.explained = explained;
            this.event = event;
            this.facts = facts;
        }
    }

    static Conformance.Witnessed run(Model model, List<Observation> observed, int maxStates) {
        Conformance.Pins pins = new Conformance.Pins(model, observed);
        Set<Key> seen = new HashSet<>();
        ArrayDeque<Frame> stack = new ArrayDeque<>();
        Frame root = new Frame(new Conformance.Node(model.initial(), List.of()), 0, null, null);
        stack.push(root);
        seen.add(new Key(root.node, 0));
        int deepest = 0;
        List<Conformance.Node> atDeepest = new ArrayList<>();
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            if (f.explained == observed.size()) {
                return new Conformance.Witnessed(new Conformance.Match(Verdict.PASSED, observed.size(), -1,
                        "every observed event is a model behaviour"), finish(model, f.node, path(stack)), List.of());
            }
            if (f.explained > deepest) {
                deepest = f.explained;
                atDeepest.clear();
            }
            if (f.moves == null) {
                f.moves = moves(model, f, observed.get(f.explained), pins);
                if (f.explained == deepest && atDeepest.size() < 64) atDeepest.add(f.node);
            }
            if (f.next == f.moves.size()) {
                stack.pop();
                continue;
            }
            Frame m = f.moves.get(f.next++);
            if (seen.add(new Key(m.node, m.explained))) {
                if (seen.size() > maxStates) {
                    return failed(model, observed, Verdict.LIMIT, deepest, atDeepest, "search limit of " + maxStates
                            + " states reached before observation " + (deepest + 1) + ": " + observed.get(deepest));
                }
                stack.push(m);
            }
        }
        return failed(model, observed, Verdict.VIOLATED, deepest, atDeepest,
                "the model cannot explain observation " + (deepest + 1) + ": " + observed.get(deepest));
    }

    private static Conformance.Witnessed failed(Model model, List<Observation> observed, Verdict v, int deepest,
                                                List<Conformance.Node> at, String reason) {
        return new Conformance.Witnessed(new Conformance.Match(v, deepest, deepest, reason), List.of(),
                Conformance.expected(model, at));
    }

    /** The moves from {@code f}: the step that shows {@code want} first, then the silent steps. */
    private static List<Frame> moves(Model model, Frame f, Observation want, Conformance.Pins pins) {
        List<Frame> shown = new ArrayList<>(), silent = new ArrayList<>();
        Conformance.Node n = f.node;
        if (want instanceof Observation.Complete c) {
            String key = c.io() + "=" + c.result();
            if (n.pending().contains(key)) {
                List<String> p = new ArrayList<>(n.pending());
                p.remove(key);
                shown.add(new Frame(new Conformance.Node(n.world(), List.copyOf(p)), f.explained + 1, null, null));
            }
        }
        for (Event e : model.enabled(n.world())) {
            if (e instanceof Event.AllocTag a && pins.excludes(a, f.explained)) {
                continue;
            }
            Outcome.Next step = model.step(n.world(), e);
            List<Observation> shows = Observation.of(model.setup(), e, step.facts());
            if (shows.isEmpty() || shows.get(0) instanceof Observation.Complete) {
                silent.add(new Frame(n.with(step.world(), shows.isEmpty() ? null : shows.get(0)), f.explained, e, step.facts()));
            } else if (shows.get(0).equals(want)) {
                shown.add(new Frame(n.with(step.world(), shows.size() > 1 ? shows.get(1) : null), f.explained + 1, e, step.facts()));
            }
        }
        shown.addAll(silent);
        return shown;
    }

    /**
     * The explaining run continued past the last observation by silent steps only (the first enabled
     * one each time, at most 10,000): what the kernel still did unobserved (pages released) counts too.
     */
    private static List<Step> finish(Model model, Conformance.Node end, List<Step> path) {
        List<Step> out = new ArrayList<>(path);
        var w = end.world();
        for (int n = 0; n < 10_000; n++) {
            Event silent = null;
            Outcome.Next step = null;
            for (Event e : model.enabled(w)) {
                Outcome.Next s = model.step(w, e);
                if (Observation.of(model.setup(), e, s.facts()).isEmpty()) {
                    silent = e;
                    step = s;
                    break;
                }
            }
            if (silent == null) break;
            out.add(new Step(out.size() + 1, silent, step.facts(), model.actsOn(w, silent)));
            w = step.world();
        }
        return out;
    }

    /** The model steps from the initial state to the top of the stack. */
    private static List<Step> path(ArrayDeque<Frame> stack) {
        List<Step> out = new ArrayList<>();
        var it = stack.descendingIterator();
        while (it.hasNext()) {
            Frame f = it.next();
            if (f.event != null) out.add(new Step(out.size() + 1, f.event, f.facts, -1));   // the IO it acts on is not kept here
        }
        return out;
    }
}
