package dev.ublklab.sim;

import dev.ublklab.model.Event;
import dev.ublklab.model.Model;
import dev.ublklab.model.Outcome;
import dev.ublklab.model.Variant;
import dev.ublklab.model.World;
import java.util.ArrayList;
import java.util.List;

/**
 * The same interleaving on another variant or kernel version: the events of the scenario's run (its recorded schedule,
 * else its seed) are replayed one by one on the other variant's model, matched by the event itself,
 * not by its index in the enabled list (the lists differ between variants). Where an event is not
 * enabled on the other variant the two runs diverge; from there the other variant goes on with the
 * scenario's seed. The result is a scenario with the schedule that reproduces it.
 */
public final class VariantReplay {
    /** The other variant's scenario and where it diverged (the step number, or -1 when it did not). */
    public record Replayed(Scenario scenario, int divergedAt) {}

    private VariantReplay() {}

    /** {@code s}'s run (recorded schedule, else {@code seed} or its own) replayed on variant {@code v}. */
    public static Replayed of(Scenario s, Long seed, Variant v) {
        return of(s, seed, s.withSetup(s.setup().withVariant(v)));
    }

    /**
     * {@code s}'s run replayed on {@code other}: the same scenario with another setup (another
     * variant, or another kernel version's behaviour switches).
     */
    public static Replayed of(Scenario s, Long seed, Scenario other) {
        long used = seed != null ? seed : s.seed();
        boolean replay = s.schedule() != null && seed == null;
        Run a = Simulator.of(s).run(replay ? Chooser.replay(s.schedule()) : Chooser.random(used), true);
        Scenario b = other.withSchedule(null);
        Model ma = new Model(s.setup()), mb = new Model(b.setup());
        List<Integer> schedule = new ArrayList<>();
        World wa = ma.initial(), wb = mb.initial();
        int diverged = -1;
        for (Step st : a.steps()) {
            List<Event> enabled = mb.enabled(wb);
            int k = match(ma, wa, st.event(), mb, wb, enabled);
            if (k < 0) {
                diverged = schedule.size() + 1;
                break;
            }
            schedule.add(k);
            wa = ma.step(wa, st.event()).world();
            wb = mb.step(wb, enabled.get(k)).world();
        }
        Chooser then = Chooser.random(used);
        List<Integer> prefix = List.copyOf(schedule);
        Run rb = Simulator.of(b).run(new Chooser() {
            private int at;

            @Override
            public int choose(int n) {
                return at < prefix.size() ? prefix.get(at++) : then.choose(n);
            }
        }, false);
        return new Replayed(b.withSchedule(rb.schedule()), diverged);
    }

    /** The index in {@code enabled} of the event that does what {@code e} does in A, or -1. */
    private static int match(Model ma, World wa, Event e, Model mb, World wb, List<Event> enabled) {
        int same = enabled.indexOf(e);
        if (same >= 0 || !(e instanceof Event.Adversary)) {
            return same;
        }
        // An adversary's choice is an index into its own action list: match the action it takes.
        String want = action(ma, wa, e);
        for (int k = 0; k < enabled.size(); k++) {
            if (enabled.get(k) instanceof Event.Adversary && action(mb, wb, enabled.get(k)).equals(want)) {
                return k;
            }
        }
        return -1;
    }

    private static String action(Model m, World w, Event e) {
        Outcome.Next next = m.step(w, e);
        return StepFormat.line(m.setup(), 0, e, next.facts()).replaceAll("\\s*choice=\\d+", "").replaceAll("^\\s*0\\.\\s*", "")
                .replaceAll("\\s(res|completed|ioResult)=\\S+", "");
    }
}
