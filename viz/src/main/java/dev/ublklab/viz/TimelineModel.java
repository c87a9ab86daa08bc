package dev.ublklab.viz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.TreeSet;

/**
 * A trace laid out as lanes (pure, no JavaFX): per queue a queue lane and one lane per tag, then
 * the io-wq workers, then the backing store. Each IO's request occupies a tag lane from allocTag
 * (or, in real traces, its first event on a tag) to its completion, cut into {@link Phase}s; every
 * event is a mark on one lane, and the events of one IO are chained in trace order so that a view
 * can draw the IO's flow across lanes.
 */
public final class TimelineModel {
    /** Queues, tags and workers beyond the header's counts that a trace may still name. */
    private static final int LIMIT = 4096;
    private final TraceData trace;
    private final EventTable ev;
    private final List<Lane> lanes = new ArrayList<>();
    private LaneTrack[] tracks;
    private int[] queueLane;
    private int[][] tagLane;
    private int[] workerLane;
    private int[] openWorkerSeg;
    private int backingLane = -1;
    private final int[] eventLane;
    private final int[] eventIo;
    private final byte[] eventPhase;
    private final int[] eventSeg;
    private final int[] eventSegLane;
    private final int[] nextOfIo;
    private final int[] firstOfIo;
    private final int[] lastOfIo;
    private final long unit;
    private final long tMin;
    private final long tMax;
    private Counterexample counterexample;
    private Cycle cycle;
    // building state
    private final int[] openLane;
    private final int[] openSeg;
    private int[] tagOwner;
    private final long[] submitTime;
    private final long[] completeTime;
    private final long[] endTime;
    private final String[] ioResult;

    private TimelineModel(TraceData trace) {
        this.trace = trace;
        this.ev = trace.events();
        int n = ev.size();
        int ios = ev.ioCount();
        eventLane = new int[n];
        eventIo = new int[n];
        eventPhase = new byte[n];
        eventSeg = filled(n, -1);
        eventSegLane = filled(n, -1);
        nextOfIo = new int[n];
        firstOfIo = filled(ios, -1);
        lastOfIo = filled(ios, -1);
        openLane = filled(ios, -1);
        openSeg = filled(ios, -1);
        submitTime = new long[ios];
        completeTime = new long[ios];
        Arrays.fill(submitTime, -1);
        Arrays.fill(completeTime, -1);
        endTime = filled(ios, -1L);
        ioResult = new String[ios];
        unit = trace.header().stepTime() ? 1 : 0;
        tMin = n == 0 ? 0 : ev.time(0);
        tMax = n == 0 ? 1 : ev.time(n - 1) + 1;
    }

    /** Lays out a trace. */
    public static TimelineModel of(TraceData trace) {
        TimelineModel m = new TimelineModel(trace);
        m.createLanes();
        for (int e = 0; e < m.ev.size(); e++) {
            m.place(e);
        }
        for (LaneTrack t : m.tracks) {
            t.seal(m.tMax);
        }
        m.counterexample = Counterexample.of(m);
        m.cycle = Cycle.of(m);
        return m;
    }

    private static long[] filled(int n, long v) {
        long[] a = new long[n];
        Arrays.fill(a, v);
        return a;
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }

    private void createLanes() {
        int queues = trace.header().queues();
        int[] maxTag = new int[queues];
        Arrays.fill(maxTag, trace.header().depth() - 1);
        TreeSet<Integer> workers = new TreeSet<>();
        boolean backing = false;
        for (int e = 0; e < ev.size(); e++) {
            checkRange(e);
            int q = ev.queue(e);
            if (q >= maxTag.length) {
                maxTag = grow(maxTag, q + 1, trace.header().depth() - 1);
            }
            if (q >= 0 && ev.tag(e) > maxTag[q]) {
                maxTag[q] = ev.tag(e);
            }
            if (ev.worker(e) >= 0) {
                workers.add(ev.worker(e));
            }
            backing |= ev.type(e) == EventType.EXECUTE;
        }
        addQueueLanes(maxTag);
        workerLane = filled(workers.isEmpty() ? 0 : workers.last() + 1, -1);
        openWorkerSeg = filled(workerLane.length, -1);
        for (int w : workers) {
            workerLane[w] = lanes.size();
            lanes.add(new Lane(Lane.Kind.WORKER, -1, w, "io-wq " + w));
        }
        if (backing) {
            backingLane = lanes.size();
            lanes.add(new Lane(Lane.Kind.BACKING, -1, -1, "backing"));
        }
        tracks = new LaneTrack[lanes.size()];
        for (int i = 0; i < tracks.length; i++) {
            tracks[i] = new LaneTrack();
        }
    }

    /** Lanes are arrays indexed by queue, tag and worker: refuse absurd numbers with a clear message. */
    private void checkRange(int e) {
        int queues = Math.max(LIMIT, trace.header().queues()), depth = Math.max(LIMIT, trace.header().depth());
        if (ev.queue(e) >= queues || ev.tag(e) >= depth || ev.worker(e) >= LIMIT) {
            throw new VizException("event seq " + ev.seq(e) + ": queue " + ev.queue(e) + ", tag " + ev.tag(e)
                    + " or worker " + ev.worker(e) + " is out of range for queues " + trace.header().queues()
                    + ", depth " + trace.header().depth());
        }
    }

    private static int[] grow(int[] a, int n, int fill) {
        int old = a.length;
        int[] b = Arrays.copyOf(a, n);
        Arrays.fill(b, old, n, fill);
        return b;
    }

    private void addQueueLanes(int[] maxTag) {
        queueLane = new int[maxTag.length];
        tagLane = new int[maxTag.length][];
        for (int q = 0; q < maxTag.length; q++) {
            queueLane[q] = lanes.size();
            lanes.add(new Lane(Lane.Kind.QUEUE, q, -1, "q" + q));
            tagLane[q] = new int[maxTag[q] + 1];
            for (int tag = 0; tag <= maxTag[q]; tag++) {
                tagLane[q][tag] = lanes.size();
                lanes.add(new Lane(Lane.Kind.TAG, q, tag, "q" + q + " tag " + tag));
            }
        }
        tagOwner = filled(lanes.size(), -1);
    }

    private void place(int e) {
        EventType type = ev.type(e);
        // The trace names the IO every event acts on (dev.ublklab.model.ActsOn; docs/trace-format.md):
        // selection, arrows and stepping follow it as written.
        int io = ev.io(e);
        int tl = tagLaneOf(e);
        int lane = laneOf(type, e, io, tl);
        eventLane[e] = lane;
        eventIo[e] = io;
        eventPhase[e] = -1;
        tracks[lane].addMark(e);
        if (io >= 0) {
            chain(io, e);
        }
        // Phases are the request's life: an event whose type has no io of its own (a worker's splice,
        // a backend cqe, an adversarial commit) opens one only while the IO is still in flight, so a
        // late worker writing a completed IO's released pages stays a mark, not a new phase.
        int phaseIo = io >= 0 && (type.ownsIo() || completeTime[io] < 0) ? io : -1;
        if (phaseIo >= 0) {
            Phase p = phaseOf(type, ev.sqe(e));
            if (p != null) {
                enter(io, p, type == EventType.SUBMIT ? queueLane[ioQueue(io)] : tl, e);
            }
            if (type == EventType.SUBMIT) {
                submitTime[io] = ev.time(e);
            }
            if (type == EventType.COMPLETE) {
                complete(io, ev.time(e), e);
            }
        }
        sidePhase(type, e, io, lane);
        int done = ev.completed(e);
        if (done >= 0 && type != EventType.COMPLETE) {
            // A step lasts one unit: the IO's last phase ends after its completing step, not at it.
            complete(done, ev.time(e) + unit, e);
        }
    }

    private int tagLaneOf(int e) {
        int q = ev.queue(e), tag = ev.tag(e);
        return q >= 0 && tag >= 0 && q < tagLane.length && tag < tagLane[q].length ? tagLane[q][tag] : -1;
    }

    private int laneOf(EventType type, int e, int io, int tl) {
        return switch (type) {
            case SUBMIT, RELEASE_PAGES, COMPLETE, DEAD_DISK -> io >= 0 ? queueLane[ioQueue(io)] : queueRow(ev.queue(e));
            case CRASH -> queueRow(ev.queue(e));
            case EXECUTE -> backingLane;
            case SPLICE_READ, SPLICE_CONSUME, WORKER_START, COPY_PAGES -> ev.worker(e) >= 0 ? workerLane[ev.worker(e)] : queueLane[0];
            case ADVERSARY, RING_CLOSE, TIMEOUT, SERVER_EXIT, TASK_WORK_RUN, CANCEL_STEP, CONTROL -> queueRow(ev.queue(e));
            case SERVER_STEP, BUF_RELEASE -> tl >= 0 ? tl : queueRow(ev.queue(e));
            case ALLOC_TAG, QUEUE_RQ, TASK_WORK, FETCH, ISSUE, CQE, ABORT -> tl >= 0 ? tl : queueRow(ev.queue(e));
        };
    }

    private int queueRow(int q) {
        return queueLane[Math.max(0, Math.min(q, queueLane.length - 1))];
    }

    /**
     * Work outside the tag lanes: a backend operation occupies the backing lane from its execute
     * to its cqe (one step when the cqe is not in the trace), a splice round occupies its worker
     * from spliceRead to spliceConsume.
     */
    private void sidePhase(EventType type, int e, int io, int lane) {
        long t = ev.time(e);
        switch (type) {
            case EXECUTE -> {
                int s = tracks[lane].addSegment(t, Phase.TRANSFER, io, e);
                tracks[lane].close(s, t + Math.max(1, unit));
                int cqe = matchingCqe(e);
                if (cqe >= 0) {
                    tracks[lane].close(s, ev.time(cqe));
                }
            }
            case SPLICE_READ, WORKER_START -> {
                // A worker's operation starts (workerStart) or a splice round begins; one segment until it ends.
                if (ev.worker(e) >= 0 && openWorkerSeg[ev.worker(e)] < 0) {
                    openWorkerSeg[ev.worker(e)] = tracks[lane].addSegment(t, Phase.TRANSFER, io, e);
                }
            }
            case SPLICE_CONSUME, COPY_PAGES -> {
                int w = ev.worker(e);
                if (w >= 0 && openWorkerSeg[w] >= 0) {
                    tracks[lane].close(openWorkerSeg[w], t + unit);
                    openWorkerSeg[w] = -1;
                }
            }
            case SUBMIT, ALLOC_TAG, QUEUE_RQ, TASK_WORK, FETCH, ISSUE, CQE, ABORT, CRASH, RELEASE_PAGES, COMPLETE, ADVERSARY -> { }
        }
    }

    /** The cqe of the same queue and index after execute {@code e}, looking a bounded way ahead. */
    private int matchingCqe(int e) {
        int limit = Math.min(ev.size(), e + 4096);
        for (int k = e + 1; k < limit; k++) {
            if (ev.queue(k) == ev.queue(e) && ev.index(k) == ev.index(e)) {
                EventType t = ev.type(k);
                if (t == EventType.CQE) {
                    return k;
                }
                if (t == EventType.EXECUTE) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** The phase an event starts for its IO, or null when it starts none. */
    static Phase phaseOf(EventType type, String sqe) {
        return switch (type) {
            case SUBMIT -> Phase.WAITING;
            case ALLOC_TAG -> Phase.TAG;
            case QUEUE_RQ -> Phase.DISPATCHED;
            case TASK_WORK -> Phase.DELIVERED;
            case FETCH -> Phase.FETCHED;
            case ISSUE -> issuePhase(sqe);
            case CQE -> sqe != null && sqe.startsWith("BACKEND") ? Phase.SERVED : null;
            case ABORT -> Phase.ABORTED;
            case SPLICE_READ, SPLICE_CONSUME, COPY_PAGES -> Phase.TRANSFER;
            case EXECUTE, CRASH, RELEASE_PAGES, COMPLETE, WORKER_START, ADVERSARY -> null;
            // The lifecycle's steps start no phase of their own (queueRq/allocTag do, as above).
            case RING_CLOSE, TIMEOUT, SERVER_STEP, SERVER_EXIT, TASK_WORK_RUN, CANCEL_STEP, BUF_RELEASE, CONTROL -> null;
            case DEAD_DISK -> null;   // the IO's completion (its facts) ends it
        };
    }

    private static Phase issuePhase(String sqe) {
        if (sqe == null) {
            return null;
        }
        if (sqe.startsWith("BACKEND") || sqe.startsWith("USER_") || sqe.toLowerCase(java.util.Locale.ROOT).contains("splice")) {
            return Phase.TRANSFER;
        }
        if (sqe.startsWith("COMMIT")) {
            return Phase.COMMIT;
        }
        return "crash".equals(sqe) ? Phase.ABORTED : null;
    }

    int ioQueue(int io) {
        List<TraceData.IoInfo> ios = trace.header().ios();
        int q = io < ios.size() ? ios.get(io).queue() : 0;
        return Math.max(0, Math.min(q, queueLane.length - 1));
    }

    private void chain(int io, int e) {
        nextOfIo[e] = -1;
        if (lastOfIo[io] >= 0) {
            nextOfIo[lastOfIo[io]] = e;
        } else {
            firstOfIo[io] = e;
        }
        lastOfIo[io] = e;
    }

    /** {@code io} enters {@code phase} at event {@code e}; tag phases need the event's tag lane. */
    private void enter(int io, Phase phase, int lane, int e) {
        if (lane < 0) {
            lane = openLane[io];
            if (lane < 0 || lanes.get(lane).kind() != Lane.Kind.TAG) {
                return;
            }
        }
        long t = ev.time(e);
        if (openSeg[io] >= 0) {
            LaneTrack open = tracks[openLane[io]];
            if (openLane[io] == lane && open.phase(openSeg[io]) == phase) {
                return;
            }
            open.close(openSeg[io], t);
            if (openLane[io] != lane && tagOwner[openLane[io]] == io) {
                tagOwner[openLane[io]] = -1;
            }
        }
        if (lanes.get(lane).kind() == Lane.Kind.TAG) {
            int owner = tagOwner[lane];
            if (owner >= 0 && owner != io && openSeg[owner] >= 0 && openLane[owner] == lane) {
                tracks[lane].close(openSeg[owner], t);
                openSeg[owner] = -1;
            }
            tagOwner[lane] = io;
        }
        eventPhase[e] = (byte) phase.ordinal();
        openLane[io] = lane;
        openSeg[io] = tracks[lane].addSegment(t, phase, io, e);
        eventSeg[e] = openSeg[io];
        eventSegLane[e] = lane;
    }

    private void complete(int io, long end, int e) {
        endTime[io] = end;
        if (openSeg[io] >= 0) {
            tracks[openLane[io]].close(openSeg[io], end);
            if (tagOwner[openLane[io]] == io) {
                tagOwner[openLane[io]] = -1;
            }
            openSeg[io] = -1;
        }
        completeTime[io] = ev.time(e);
        String r = ev.fact(e, "ioResult");
        ioResult[io] = r != null ? r : ioResult[io];
    }

    // ---- queries ----

    public TraceData trace() { return trace; }
    /** The violation the trace ends with, or null. */
    public Counterexample counterexample() { return counterexample; }
    /** The cycle a run that hit its step bound went round (a livelock's lasso), or null. */
    public Cycle cycle() { return cycle; }

    /**
     * Finds the cycle again by the model states {@code states} gives (a replay of this very trace),
     * as {@code check} finds its lasso; keeps the cycle found by events when it has no states. Only
     * a run that ended at its step bound or in a livelock has one ({@link #mayCycle}): for the others
     * nothing is computed.
     */
    public void cycleFrom(StateAt states) {
        if (mayCycle() && states instanceof ModelReplay r) {
            long[] fp = r.stateFingerprints(ev.size());
            if (fp != null) {
                cycle = Cycle.ofStates(this, fp);
            }
        }
    }

    /** Whether the trace ended at its step bound or in a livelock: the only ends with a cycle. */
    boolean mayCycle() {
        TraceData.End end = trace().end();
        return end != null && ("limit".equals(end.verdict()) || "livelock".equals(end.verdict()));
    }
    public EventTable events() { return ev; }
    public List<Lane> lanes() { return List.copyOf(lanes); }
    public int laneCount() { return lanes.size(); }
    public Lane lane(int i) { return lanes.get(i); }
    LaneTrack track(int lane) { return tracks[lane]; }
    /** Time of the first event and just past the last one. */
    public long start() { return tMin; }
    public long end() { return tMax; }
    /** "step" for sim and check traces, "ns" for real ones. */
    public String timeUnit() { return trace.header().stepTime() ? "step" : "ns"; }
    public int laneOfEvent(int e) { return eventLane[e]; }
    /** The IO an event acts on, as its trace line names it, or -1. */
    public int ioOfEvent(int e) { return eventIo[e]; }
    /**
     * Whether the event acts on {@link #ioOfEvent} without having an io of its own (a worker's splice,
     * an adversarial commit, a backend cqe): the trace wrote what the model's ActsOn says.
     */
    public boolean ioActedOn(int e) { return eventIo[e] >= 0 && !ev.type(e).ownsIo(); }
    /** The phase the event started, or null. */
    public Phase phaseOfEvent(int e) { return eventPhase[e] < 0 ? null : Phase.of(eventPhase[e]); }
    public int ioCount() { return ev.ioCount(); }
    public long submitTime(int io) { return submitTime[io]; }
    public long completeTime(int io) { return completeTime[io]; }
    /**
     * When the IO's last phase ends: its completion time in real traces; one step after its
     * completing step in step traces (a step lasts one unit). The CSV's total is this minus submit.
     */
    public long endTime(int io) { return endTime[io]; }
    public String ioResult(int io) { return ioResult[io]; }
    public int segmentCount(int lane) { return tracks[lane].segments(); }

    /** One phase segment of a lane. */
    public record Segment(long start, long end, Phase phase, int io, int event) {}

    public Segment segment(int lane, int s) {
        LaneTrack t = tracks[lane];
        return new Segment(t.start(s), t.end(s), t.phase(s), t.io(s), t.event(s));
    }

    /** The events of one IO in trace order. */
    public int[] chainOf(int io) {
        int count = 0;
        for (int e = io < 0 ? -1 : firstOfIo[io]; e >= 0; e = nextOfIo[e]) {
            count++;
        }
        int[] out = new int[count];
        int i = 0;
        for (int e = io < 0 ? -1 : firstOfIo[io]; e >= 0; e = nextOfIo[e]) {
            out[i++] = e;
        }
        return out;
    }

    /** The lane holding the queue's row, or -1. */
    public int queueLane(int q) { return q >= 0 && q < queueLane.length ? queueLane[q] : -1; }

    /** The lane of (queue, tag), or -1. */
    public int tagLane(int q, int tag) {
        return q >= 0 && q < tagLane.length && tag >= 0 && tag < tagLane[q].length ? tagLane[q][tag] : -1;
    }

    /** Total time each phase took for {@code io} (summed over its segments), indexed by phase ordinal. */
    public long[] phaseDurations(int io) {
        long[] d = new long[Phase.values().length];
        for (int e : chainOf(io)) {
            // a request's life is on its queue and tag lanes; the worker and backing lanes repeat its
            // transfer (events there name the IO too since traces say which IO every event acts on)
            // and ends at its completion: steps after it that still act on it (a consumer writing its
            // released pages, a stale CQE) are not its latency
            Lane.Kind k = eventSeg[e] >= 0 ? lanes.get(eventSegLane[e]).kind() : null;
            boolean after = completeTime[io] >= 0 && ev.time(e) > completeTime[io];
            if ((k == Lane.Kind.QUEUE || k == Lane.Kind.TAG) && !after) {
                LaneTrack t = tracks[eventSegLane[e]];
                d[t.phase(eventSeg[e]).ordinal()] += t.end(eventSeg[e]) - t.start(eventSeg[e]);
            }
        }
        return d;
    }

    /**
     * Time IOs spent in each phase inside [t0, t1), summed over the queue and tag lanes (a request's
     * life; the worker and backing lanes repeat its transfer), by phase ordinal.
     */
    public long[] phaseTotals(double t0, double t1) {
        long[] d = new long[Phase.values().length];
        for (int lane = 0; lane < tracks.length; lane++) {
            Lane.Kind k = lanes.get(lane).kind();
            LaneTrack t = tracks[lane];
            for (int s = 0; (k == Lane.Kind.QUEUE || k == Lane.Kind.TAG) && s < t.segments(); s++) {
                double a = Math.max(t0, t.start(s)), b = Math.min(t1, t.end(s));
                if (b > a) {
                    d[t.phase(s).ordinal()] += Math.round(b - a);
                }
            }
        }
        return d;
    }

    /** The lane and segment an event started, as {lane, segment}, or null. */
    public int[] segmentOfEvent(int e) {
        return eventSeg[e] < 0 ? null : new int[] {eventSegLane[e], eventSeg[e]};
    }
}
