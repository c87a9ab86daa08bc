package dev.ublklab.sim;

import dev.ublklab.model.Event;
import dev.ublklab.model.Invariant;
import dev.ublklab.model.Invariants;
import dev.ublklab.model.Model;
import dev.ublklab.model.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test tool: breadth-first search over a scenario's states for the shortest schedule that breaks
 * {@code invariant} (a finding's smallest reproduction). States are deduplicated by value.
 * {@code main(scenario, invariant, out)} writes the scenario back with that schedule.
 */
final class ShortestViolation {
    private ShortestViolation() {}

    private record Node(World w, Node parent, int choice) {}

    /** The shortest schedule to a state where {@code invariant} fails, or null within {@code limit} states. */
    static List<Integer> find(Scenario s, String invariant, int limit) {
        Model m = new Model(s.setup());
        Invariant inv = Invariants.byName(invariant);
        boolean live = invariant.equals(Invariants.EVERY_IO_COMPLETES);
        ArrayDeque<Node> queue = new ArrayDeque<>();
        Map<World, Boolean> seen = new HashMap<>();
        Node start = new Node(m.initial(), null, -1);
        queue.add(start);
        seen.put(start.w(), true);
        while (!queue.isEmpty() && seen.size() < limit) {
            Node n = queue.poll();
            List<Event> enabled = m.enabled(n.w());
            if (live ? enabled.isEmpty() && Invariants.unfinished(m, n.w()) != null : inv.explain(m, n.w()) != null) {
                return schedule(n);
            }
            for (int i = 0; i < enabled.size(); i++) {
                World next = m.step(n.w(), enabled.get(i)).world();
                if (seen.putIfAbsent(next, true) == null) {
                    queue.add(new Node(next, n, i));
                }
            }
        }
        return null;
    }

    private static List<Integer> schedule(Node n) {
        List<Integer> out = new ArrayList<>();
        for (Node x = n; x.parent() != null; x = x.parent()) {
            out.add(0, x.choice());
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        Scenario s = ScenarioCodec.read(Path.of(args[0]));
        List<Integer> sched = find(s, args[1], 2_000_000);
        if (sched == null) {
            System.out.println("no violation of " + args[1] + " found");
            return;
        }
        System.out.println(args[1] + ": " + sched.size() + " steps " + sched);
        Files.writeString(Path.of(args[2]), ScenarioWriter.write(s.withSchedule(sched)));
    }
}
