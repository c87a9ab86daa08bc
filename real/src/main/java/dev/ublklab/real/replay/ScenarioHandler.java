package dev.ublklab.real.replay;

import dev.ublklab.model.IoSpec;
import dev.ublklab.model.Setup;
import dev.ublklab.real.trace.Attribution;
import dev.ublklab.real.ublk.Commit;
import dev.ublklab.real.ublk.Request;
import dev.ublklab.real.ublk.RequestHandler;
import dev.ublklab.real.ublk.Handling;
import dev.ublklab.trace.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scenario's server policy as a {@link RequestHandler}: each fetched request is matched to the
 * scenario IO it carries (an IO the client has in flight, with the same op and sector range), and gets that
 * IO's {@link RealPlan.Decision}. A waitFor is a per-tag deferral through the commitOrder seam: the
 * commit stays with the server until the awaited IO's request has been committed to its end, and goes
 * out in the batch that makes that true (the daemon sends a batch's commits in the order returned, so
 * the awaited completion precedes it in the kernel).
 */
public final class ScenarioHandler implements RequestHandler, Submissions {
    private final Setup setup;
    private final List<RealPlan.Decision> decisions;
    private final Set<String> inFlight = new HashSet<>();
    private final Set<String> ended = new HashSet<>();
    private final Map<Tag, String> tagIo = new HashMap<>();             // the IO id each tag carries
    private final Map<Integer, List<Commit>> held = new HashMap<>();     // queue -> commits held back
    private final List<String> unknown = new ArrayList<>();
    private final Observer observer;

    /** Sees what the server does, as it does it (a server in another process streams it to the replay). */
    public interface Observer {
        void fetched(Request r);

        void committed(Commit c);
    }

    public ScenarioHandler(RealPlan plan) { this(plan, null); }

    public ScenarioHandler(RealPlan plan, Observer observer) {
        this.setup = plan.setup();
        this.decisions = plan.decisions();
        this.observer = observer;
    }

    /** The client is about to submit {@code io}. */
    @Override
    public synchronized void submitted(String io) { inFlight.add(io); }

    /** The client reaped {@code io}'s completion. */
    @Override
    public synchronized void completed(String io) { inFlight.remove(io); }

    /** Requests no scenario IO explains (e.g. a merge of two IOs), as text; empty when none. */
    public synchronized List<String> unknownRequests() { return List.copyOf(unknown); }

    /** Commits still held back (an awaited IO never ended); empty after a clean run. */
    public synchronized int heldCommits() {
        int n = 0;
        for (List<Commit> l : held.values()) n += l.size();
        return n;
    }

    @Override
    public synchronized Handling onFetch(Request r) {
        if (observer != null) observer.fetched(r);
        int io = identify(setup, r, inFlight);
        if (io < 0) {
            if (inFlight.isEmpty()) return Handling.SERVE;          // before or between the client's IOs: the kernel's own
            unknown.add("q" + r.queue() + " tag " + r.tag() + " " + r.opName() + " sector " + r.startSector() + " bytes " + r.bytes());
            tagIo.remove(new Tag(r.queue(), r.tag()));
            return Handling.SERVE;
        }
        tagIo.put(new Tag(r.queue(), r.tag()), setup.ios().get(io).id());
        return decisions.get(io).handling(r);
    }

    /**
     * The scenario IO a request carries: one the client has in flight, with the same op and the
     * request's start sector inside its range (a requeued rest starts later). -1 when none: a request
     * of the kernel's own (the partition scan at START_DEV) or a merge the model does not have.
     */
    static int identify(Setup setup, Request r, Set<String> inFlight) {
        Set<Integer> open = new java.util.HashSet<>();
        for (int i = 0; i < setup.ios().size(); i++) if (inFlight.contains(setup.ios().get(i).id())) open.add(i);
        return Attribution.holder(RealTrace.ios(setup), open, r.opName(), r.startSector());
    }

    @Override
    public synchronized List<Commit> commitOrder(List<Commit> ready) {
        if (ready.isEmpty()) return ready;
        List<Commit> waiting = held.computeIfAbsent(ready.getFirst().request().queue(), q -> new ArrayList<>());
        waiting.addAll(ready);
        List<Commit> out = new ArrayList<>(waiting.size());
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = 0; i < waiting.size(); i++) {
                Commit c = waiting.get(i);
                if (!mayCommit(c)) continue;
                waiting.remove(i);
                out.add(c);
                noteEnd(c);
                if (observer != null) observer.committed(c);
                progress = true;
                break;
            }
        }
        return out;
    }

    @Override
    public synchronized boolean holding(int queue) {
        List<Commit> l = held.get(queue);
        return l != null && !l.isEmpty();
    }

    /**
     * Teardown: the held commits of {@code queue}, failed with -EIO (the run is over: the client gave
     * up on them, and the trace was taken before; a failed commit moves no data).
     */
    @Override
    public synchronized List<Commit> release(int queue) {
        List<Commit> l = held.remove(queue);
        if (l == null) return List.of();
        List<Commit> out = new ArrayList<>(l.size());
        for (Commit c : l) out.add(new Commit(c.request(), -dev.ublklab.real.sys.Errno.EIO));
        return out;
    }

    private boolean mayCommit(Commit c) {
        String io = tagIo.get(new Tag(c.request().queue(), c.request().tag()));
        if (io == null) return true;
        for (String w : decisions.get(setup.ioIndex(io)).waitFor()) if (!ended.contains(w)) return false;
        return true;
    }

    /** A commit ends its request when it fails it or covers all of it (blk_update_request leaves nothing). */
    private void noteEnd(Commit c) {
        String io = tagIo.get(new Tag(c.request().queue(), c.request().tag()));
        if (io != null && (c.result() < 0 || c.result() >= c.request().bytes())) ended.add(io);
    }
}
