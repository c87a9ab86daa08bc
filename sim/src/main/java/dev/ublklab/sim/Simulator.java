package dev.ublklab.sim;

import dev.ublklab.model.Event;
import dev.ublklab.model.Invariant;
import dev.ublklab.model.Invariants;
import dev.ublklab.model.Model;
import dev.ublklab.model.Outcome;
import dev.ublklab.model.World;
import dev.ublklab.trace.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a scenario through the model: at every step the {@link Chooser} picks one of the enabled
 * events, and every checked invariant is evaluated on the new state; the run stops at the first
 * violation. When nothing is enabled, pending IOs are a deadlock and failed IOs break
 * every-io-completes (when it is checked).
 */
public final class Simulator {
    private final Model model;
    private final List<Invariant> checked;
    private final boolean liveness;
    /** Only teardown-completes is checked among the liveness invariants. */
    private boolean teardownOnly;
    private final int maxSteps;

    public Simulator(Model model, List<String> invariants, int maxSteps) {
        this.model = model;
        this.checked = new ArrayList<>();
        boolean live = false;
        boolean everyIo = false;
        for (String name : invariants) {
            if (name.equals(Invariants.EVERY_IO_COMPLETES)
                    || (name.equals(Invariants.TEARDOWN_COMPLETES) && model.lifecycle() != null)) {
                live = true;
                everyIo |= name.equals(Invariants.EVERY_IO_COMPLETES);
            } else if (!name.equals(Invariants.TEARDOWN_COMPLETES)) {
                checked.add(Invariants.byName(name));
            }
        }
        this.liveness = live;
        this.teardownOnly = live && !everyIo;
        this.maxSteps = maxSteps;
    }

    public static Simulator of(Scenario s) {
        return new Simulator(new Model(s.setup()), s.expect().checked(), s.maxSteps());
    }

    public Model model() {
        return model;
    }

    /** Runs once; {@code record} keeps every step (traces), otherwise only the schedule. */
    public Run run(Chooser chooser, boolean record) {
        World w = model.initial();
        List<Step> steps = record ? new ArrayList<>() : List.of();
        List<Integer> schedule = new ArrayList<>();
        Invariants.Broken broken = Invariants.firstBroken(model, checked, w, null);
        int n = 0;
        while (broken == null) {
            List<Event> enabled = model.enabled(w);
            if (enabled.isEmpty()) {
                return end(w, steps, n, schedule);
            }
            if (n >= maxSteps) {
                return new Run(Verdict.LIMIT, null, "no end after " + n + " steps", steps, n, schedule, w);
            }
            int c = chooser.choose(enabled.size());
            schedule.add(c);
            Event e = enabled.get(c);
            Outcome.Next next = record ? model.step(w, e) : model.stepQuiet(w, e);
            World before = w;
            w = next.world();
            n++;
            if (record) {
                steps.add(new Step(n, e, next.facts(), model.actsOn(before, e)));
            }
            // Every checked invariant held in `before` (the run stops at the first violation).
            broken = Invariants.firstBroken(model, checked, w, before);
        }
        return new Run(Verdict.VIOLATED, broken.invariant().name(), broken.why() + " at step " + n, steps, n, schedule, w);
    }

    /**
     * What one run broke when it does not stop at a violation: each checked invariant's name at
     * its first violation, in the order they broke, then every-io-completes if the run ended
     * with an IO pending or failed. {@code limit}: the run reached the step bound.
     */
    public record AllBroken(List<String> broken, int stepCount, boolean limit) {}

    /**
     * Runs once and goes on after a violation (a swarm wants every invariant any seed breaks): an
     * invariant that broke is not evaluated again, the others go on being checked on every state.
     */
    public AllBroken runAll(Chooser chooser) {
        World w = model.initial();
        List<Invariant> left = new ArrayList<>(checked);
        List<String> broken = new ArrayList<>();
        World before = null;
        int n = 0;
        while (true) {
            // Every invariant still in `left` held in `before`: what broke there was removed.
            for (Invariants.Broken b; (b = Invariants.firstBroken(model, left, w, before)) != null; ) {
                left.remove(b.invariant());
                broken.add(b.invariant().name());
            }
            List<Event> enabled = model.enabled(w);
            if (enabled.isEmpty()) {
                if (liveness && Invariants.unfinished(model, w) != null) {
                    broken.add(Invariants.EVERY_IO_COMPLETES);
                }
                return new AllBroken(broken, n, false);
            }
            if (n >= maxSteps) {
                return new AllBroken(broken, n, true);
            }
            before = w;
            w = model.stepQuiet(w, enabled.get(chooser.choose(enabled.size()))).world();
            n++;
        }
    }

    private Run end(World w, List<Step> steps, int n, List<Integer> schedule) {
        if (liveness) {
            String why = teardownOnly ? Invariants.teardownUnfinished(model, w) : Invariants.unfinished(model, w);
            if (why != null) {
                Verdict v = model.quiescent(w) ? Verdict.VIOLATED : Verdict.DEADLOCKED;
                String name = why.startsWith(Invariants.TEARDOWN_COMPLETES) ? Invariants.TEARDOWN_COMPLETES
                        : Invariants.EVERY_IO_COMPLETES;
                return new Run(v, name, why + " after step " + n, steps, n, schedule, w);
            }
        }
        return new Run(Verdict.PASSED, null, null, steps, n, schedule, w);
    }

}
