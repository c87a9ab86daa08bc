package dev.ublklab.real.trace;

import dev.ublklab.trace.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one rule for which IO a real event belongs to (the server cannot know which IO a request
 * carries): a fetch belongs to the first IO, in the scenario's order, that is in flight
 * (submitted, not completed), has the fetched op, and whose sector range holds the fetched start
 * sector (a zero-length IO: that very sector); the tag's later events belong to the same IO,
 * until its next fetch. A request the block layer merged from two IOs is attributed to the first.
 * The replay server matches requests to plans by the same rule ({@code ScenarioHandler}).
 */
public final class Attribution {
    /** One IO as the client submits it. */
    public record Io(String id, String op, long sector, long bytes) {}

    private final List<Io> ios;
    private final Set<Integer> inFlight = new HashSet<>();
    private final Map<Tag, Integer> onTag = new HashMap<>();

    public Attribution(List<Io> ios) {
        this.ios = List.copyOf(ios);
    }

    /** The IO of {@code ios} a request (op, start sector) belongs to among those {@code inFlight}, or -1. */
    public static int holder(List<Io> ios, Set<Integer> inFlight, String op, long startSector) {
        for (int i = 0; i < ios.size(); i++) {
            Io s = ios.get(i);
            if (!inFlight.contains(i) || !s.op().equals(op)) continue;
            // an empty FLUSH (fsync) reaches ublk as the queue's flush_rq, which blk_rq_init left at sector
            // (sector_t)-1 (6.12.118/7.3.4 block/blk-flush.c blk_kick_flush "blk_rq_init(q, flush_rq)";
            // model Server.fetch): it is the FLUSH IO in flight, whatever sector the scenario gave it
            boolean flushRq = s.op().equals("FLUSH") && startSector == -1;
            boolean inside = flushRq || (s.bytes() == 0 ? startSector == s.sector()
                : startSector >= s.sector() && startSector < s.sector() + s.bytes() / 512);
            if (inside) return i;
        }
        return -1;
    }

    public void submitted(int io) {
        inFlight.add(io);
    }

    public void completed(int io) {
        inFlight.remove(io);
    }

    /** A fetch on {@code tag}: its IO, or -1; the tag's later events follow it. */
    public int fetched(Tag tag, String op, long startSector) {
        int io = holder(ios, inFlight, op, startSector);
        if (io < 0) onTag.remove(tag);
        else onTag.put(tag, io);
        return io;
    }

    /** The IO the tag's last fetch belongs to, or -1. */
    public int on(Tag tag) {
        Integer io = onTag.get(tag);
        return io == null ? -1 : io;
    }

    /** Whether any IO is in flight. */
    public boolean idle() {
        return inFlight.isEmpty();
    }

    /** The IOs as a mutable list, for the replay server. */
    public static List<Io> of(List<Io> ios) {
        return new ArrayList<>(ios);
    }
}
