package dev.ublklab.model;

import dev.ublklab.model.IoState.Phase;
import dev.ublklab.model.RequestSlot.RqState;
import java.util.ArrayList;
import java.util.List;

/**
 * The state machine: {@link #initial()}, {@link #enabled(World)} in canonical order (queue, tag,
 * event kind) and {@link #apply(World, Event)}. One instance per {@link Setup}; it holds only static
 * tables derived from the setup, so it is safe to share between threads.
 *
 * <p>Kernel behaviour is in {@link Kernel}, the server's in {@link Server}, data movement in
 * {@link Data}; this class decides what is enabled and dispatches steps.
 */
public final class Model {
    private final Setup setup;
    private final Config config;
    private final int[] pageBase;
    private final int bufSectors;
    private final int pageCount;
    private final int[] bytes;
    private final int[] ioQueue;
    /** Per IO, the index of the IO it must wait for ({@code after}), or -1. */
    private final int[] after;
    private final java.util.Map<String, Integer> ioIndex = new java.util.TreeMap<>();
    /** How long the last enabled() list was: a size hint only (racy on purpose, never part of a result). */
    private int enabledHint = 16;
    private final World initial;
    final Kernel kernel;
    final ScriptOps scriptOps;
    final Server server;
    final Adversary adversary;
    private final ActsOn actsOn;
    final Data data;
    final Splice splice;
    final UserCopy userCopy;
    final ZeroCopy zeroCopy;
    private final DelGendisk delGendisk;
    /** The mainline lifecycle, or null for the simplified kernel. */
    final Lifecycle lifecycle;

    public Model(Setup setup) {
        this.setup = setup;
        this.config = setup.config();
        this.pageBase = new int[setup.ios().size()];
        int pages = 0;
        int maxBytes = config.sectorSize();
        for (int i = 0; i < setup.ios().size(); i++) {
            pageBase[i] = pages;
            pages += setup.ios().get(i).segments().size();
            maxBytes = Math.max(maxBytes, setup.ios().get(i).bytes());
        }
        this.pageCount = pages;
        this.bytes = setup.ios().stream().mapToInt(IoSpec::bytes).toArray();
        this.ioQueue = setup.ios().stream().mapToInt(IoSpec::queue).toArray();
        this.after = setup.ios().stream().mapToInt(s -> s.after() == null ? -1 : setup.ioIndex(s.after())).toArray();
        for (int i = 0; i < setup.ios().size(); i++) {
            ioIndex.put(setup.ios().get(i).id(), i);
        }
        // The server buffer is maxIoBytes long in the kernel; sectors past the largest request never
        // take part, so the model keeps only those that can.
        this.bufSectors = (maxBytes + config.sectorSize() - 1) / config.sectorSize();
        this.data = new Data(this);
        this.zeroCopy = new ZeroCopy(this);
        this.kernel = new Kernel(this);
        this.scriptOps = new ScriptOps(this);
        this.server = new Server(this);
        this.adversary = new Adversary(this);
        this.actsOn = new ActsOn(this);
        this.initial = buildInitial();
        this.splice = new Splice(this);
        this.userCopy = new UserCopy(this);
        this.delGendisk = new DelGendisk(this);
        String no = Lifecycle.refusal(setup);
        if (no != null) {
            throw new IllegalArgumentException(no);
        }
        if (setup.faults().any() && config.has(Behaviour.MAINLINE_LIFECYCLE)) {
            throw new IllegalArgumentException(Fault.NEEDS_DATA_PATH);
        }
        this.lifecycle = !config.has(Behaviour.MAINLINE_LIFECYCLE) ? null
                : new Lifecycle(this, setup.lifecycle() != null ? setup.lifecycle() : LcSetup.defaults(setup));
        this.lifeInitial = lifecycle == null ? initial : withLife(initial, lifecycle.initial());
    }

    private final World lifeInitial;

    private static World withLife(World w, Life l) {
        return new World(w.ios(), w.queues(), w.pages(), w.backing(), w.workers(), w.crashed(), w.adversary(), w.flaws(), l);
    }

    /** The mainline lifecycle of this run, or null (simplified kernel). */
    public Lifecycle lifecycle() {
        return lifecycle;
    }

    public Setup setup() {
        return setup;
    }

    public Config config() {
        return config;
    }

    int bufSectors() {
        return bufSectors;
    }

    /** The page that holds segment {@code seg} of IO {@code io}. */
    public int pageOf(int io, int seg) {
        return pageBase[io] + seg;
    }

    /** The IO whose buffer page {@code page} is. */
    public int ioOfPage(int page) {
        int io = 0;
        for (int i = 0; i < pageBase.length; i++) {
            if (pageBase[i] <= page) {
                io = i;
            }
        }
        return io;
    }

    /** The state at START_DEV: every tag FETCHed, every IO NEW, pages hold their initial content. */
    public World initial() {
        return lifeInitial;
    }

    private World buildInitial() {
        List<IoState> ios = new ArrayList<>();
        List<Page> pages = new ArrayList<>();
        int spp = config.sectorsPerPage();
        for (int i = 0; i < setup.ios().size(); i++) {
            IoSpec io = setup.ios().get(i);
            ios.add(IoState.NEW);
            long sector = io.sector();
            for (Segment s : io.segments()) {
                // A freshly handed out page holds someone else's bytes; a WRITE's segment holds its data.
                int[] t = new int[spp];
                java.util.Arrays.fill(t, Token.stale(0));
                for (int k = 0; k < s.len() / config.sectorSize(); k++) {
                    if (io.op() == ReqOp.WRITE) {
                        t[s.offset() / config.sectorSize() + k] = Token.data(i, (int) sector);
                    }
                    sector++;
                }
                pages.add(new Page(false, Sectors.of(t)));
            }
        }
        List<QueueState> queues = new ArrayList<>();
        Sectors buf = Sectors.filled(bufSectors, Token.stale(0));
        for (int q = 0; q < config.queues(); q++) {
            List<RequestSlot> rqs = new ArrayList<>();
            List<IoSlot> slots = new ArrayList<>();
            List<SrvTag> srv = new ArrayList<>();
            for (int t = 0; t < config.depth(); t++) {
                rqs.add(RequestSlot.FREE);
                slots.add(IoSlot.FETCHED);
                srv.add(SrvTag.waiting(buf));
            }
            queues.add(new QueueState(rqs, slots, srv, List.of(), false, 0));
        }
        int[] back = new int[config.sectors()];
        for (int s = 0; s < back.length; s++) {
            back[s] = Token.backing(s, 0);
        }
        List<Worker> workers = new ArrayList<>();
        for (int q = 0; q < config.queues(); q++) {
            for (int k = 0; k < config.workers(); k++) {
                workers.add(Worker.idle(q));
            }
        }
        return new World(ios, queues, pages, Sectors.of(back), workers, 0, 0, List.of());
    }

    /** Every event that can happen next, ordered by queue, tag, event kind. */
    public List<Event> enabled(World w) {
        if (lifecycle != null) {
            return lifecycle.enabled(w);
        }
        Enabled out = new Enabled(enabledHint + 8, kernel.allocs());
        for (int q = 0; q < config.queues(); q++) {
            enabledClient(w, q, out);
            QueueState qs = w.queue(q);
            for (int t = 0; t < config.depth(); t++) {
                kernel.enabledTag(w, q, t, out);
                server.enabledTag(w, q, t, out);
            }
            for (int i = 0; i < qs.ops().size(); i++) {
                server.enabledOp(w, q, i, out);
            }
            enabledWorkers(w, q, out);
            if (!qs.dying() && setup.crashes().contains(q) && (w.crashed() & (1 << q)) == 0) {
                out.add(new Event.Crash(q));
            }
            adversary.enabled(w, q, out);
        }
        for (int i = 0; i < setup.ios().size(); i++) {
            if (w.io(i).phase() == Phase.COMPLETED) {
                out.add(new Event.ReleasePages(i));
            }
        }
        delGendisk.enabled(w, out);
        enabledHint = out.entryCount();
        return out;
    }

    /** The next step of every busy io-wq worker of queue {@code q}. */
    private void enabledWorkers(World w, int q, List<Event> out) {
        for (int k = 0; k < w.workers().size(); k++) {
            Worker wk = w.workers().get(k);
            if (wk.queue() != q || wk.idle()) {
                continue;
            }
            switch (wk.running().kind()) {
                case SPLICE -> {
                    if (wk.loop() != null) { // null: the worker oopsed (Splice#oops) and never returns
                        Event e = wk.loop().readLen() > 0 ? new Event.SpliceConsume(k) : new Event.SpliceRead(k);
                        out.add(e);
                        if (Fault.any(this) && e instanceof Event.SpliceConsume) {
                            splice.faults(w, k, f -> out.add(e.withFault(f)));
                        }
                    }
                }
                case USER_READ, USER_WRITE -> {
                    Event.CopyPages e = new Event.CopyPages(k);
                    out.add(e);
                    if (Fault.any(this)) {
                        userCopy.faults(w, k, f -> out.add(e.withFault(f)));
                    }
                }
                case BACKEND_READ, BACKEND_WRITE, BACKEND_DISCARD, COMMIT, REGISTER_IO_BUF, UNREGISTER_IO_BUF,
                     READ_FIXED, WRITE_FIXED -> throw new IllegalStateException("a worker runs " + wk.running().kind());
            }
        }
    }

    private void enabledClient(World w, int q, Enabled out) {
        boolean earlierNew = false;
        long free = -1;
        for (int i = 0; i < setup.ios().size(); i++) {
            IoSpec spec = setup.ios().get(i);
            if (spec.queue() != q) {
                continue;
            }
            IoState s = w.io(i);
            if (s.phase() == Phase.NEW) {
                if (!(setup.inOrder() && earlierNew) && afterDone(w, i)) {
                    out.add(new Event.Submit(i));
                }
                earlierNew = true;
            } else if (s.phase() == Phase.SUBMITTED) {
                if (free == -1) {
                    free = kernel.freeTags(w.queue(q));
                }
                kernel.enabledAlloc(i, free, w.queue(q).hint(), out);
            }
        }
    }

    private boolean afterDone(World w, int io) {
        return after[io] < 0 || ended(w, after[io]);
    }

    /** Whether the IO has completed (its pages may be released or not). */
    boolean ended(World w, int io) {
        Phase p = w.io(io).phase();
        return p == Phase.COMPLETED || p == Phase.RELEASED;
    }

    /** The index of the IO with this id (as {@link Setup#ioIndex}, in constant time), or -1. */
    public int ioIndex(String id) {
        Integer i = ioIndex.get(id);
        return i == null ? -1 : i;
    }

    /** Applies {@code e} if it is enabled in {@code w}; otherwise says why not. */
    public Outcome apply(World w, Event e) {
        if (!enabled(w).contains(e)) {
            return new Outcome.Rejected(0, e.type() + " " + e + " is not enabled in this state");
        }
        return step(w, e);
    }

    /** Applies an event taken from {@link #enabled(World)} of the same state, without re-checking. */
    public Outcome.Next step(World w, Event e) {
        return step(w, e, true);
    }

    /**
     * As {@link #step(World, Event)} but without building the step's facts, for searches that need
     * only the next state: the facts say no more than whether a request ended ("completed").
     */
    public Outcome.Next stepQuiet(World w, Event e) {
        return step(w, e, false);
    }

    private Outcome.Next step(World w, Event e, boolean record) {
        Tx tx = new Tx(w, record);
        if (lifecycle != null) {
            lifecycle.step(tx, w, e);
            return new Outcome.Next(tx.freeze(), e, tx.facts());
        }
        tx.fault(e.fault());   // an injected fault (Fault), or 0: the failure point it reaches consults tx.fault()
        switch (e) {
            case Event.Submit s -> {
                if (!delGendisk.submit(tx, s.io())) {
                    tx.io(s.io(), tx.io(s.io()).with(Phase.SUBMITTED));
                }
            }
            case Event.ReleasePages r -> data.releasePages(tx, r.io());
            case Event.Crash c -> {
                tx.crashed(tx.crashed() | (1 << c.queue()));
                Taint.crash(this, tx, c.queue());   // the scenario's fault (Taint): not a scripted server's own crash
                kernel.crash(tx, c.queue());
            }
            case Event.AllocTag a -> kernel.allocTag(tx, a.io(), a.queue(), a.tag());
            case Event.QueueRq r -> kernel.queueRq(tx, r.queue(), r.tag());
            case Event.TaskWork t -> kernel.taskWork(tx, t.queue(), t.tag());
            case Event.Fetch f -> server.fetch(tx, f.queue(), f.tag());
            case Event.Issue i -> server.issue(w, tx, i.queue(), i.tag());
            case Event.Execute x -> server.execute(tx, x.queue(), x.index());
            case Event.Cqe c -> server.cqe(tx, c.queue(), c.index());
            case Event.Abort a -> kernel.abort(tx, a.queue(), a.tag());
            case Event.WorkerStart s -> server.workerStart(tx, s.worker(), s.queue(), s.index());
            case Event.SpliceRead r -> splice.produce(tx, r.worker());
            case Event.SpliceConsume c -> splice.consume(tx, c.worker());
            case Event.CopyPages c -> userCopy.copy(tx, c.worker());
            case Event.Adversary a -> adversary.apply(tx, a);
            case Event.RingClose r -> throw lifecycleOnly(e);
            case Event.Timeout t -> throw lifecycleOnly(e);
            case Event.ServerStep s -> throw lifecycleOnly(e);
            case Event.ServerExit s -> throw lifecycleOnly(e);
            case Event.TaskWorkRun t -> throw lifecycleOnly(e);
            case Event.CancelStep c -> throw lifecycleOnly(e);
            case Event.BufRelease b -> throw lifecycleOnly(e);
            case Event.Control c -> {
                if (c.op() != LcControl.STOP) {
                    throw lifecycleOnly(e);
                }
                delGendisk.markDead(tx);   // enabled only after a crash (DelGendisk#enabled)
            }
            case Event.DeadDisk d -> delGendisk.fail(tx, d.io(), d.path());
        }
        return new Outcome.Next(tx.freeze(), e, tx.facts());
    }

    private static IllegalStateException lifecycleOnly(Event e) {
        return new IllegalStateException(e.type() + " is a lifecycle event; this run has no lifecycle");
    }

    /**
     * The index of the IO that event {@code e}, enabled in {@code w}, acts on, or -1 when it acts
     * on none (a crash acts on a queue; an operation whose request is gone and that names none).
     */
    public int actsOn(World w, Event e) {
        return actsOn.of(w, e);
    }

    /** True when no IO is pending: every IO has completed (whatever its result). */
    public boolean quiescent(World w) {
        for (IoState s : w.ios()) {
            if (s.phase() != Phase.COMPLETED && s.phase() != Phase.RELEASED) {
                return false;
            }
        }
        return true;
    }

    /** blk_rq_bytes of the request IO {@code io} currently is (what is left after partial commits). */
    int rqBytes(IoState s, int io) {
        return bytes[io] - s.done();
    }

    /** The IO's total bytes. */
    public int bytes(int io) {
        return bytes[io];
    }

    /** The hardware queue the IO is submitted on. */
    public int queueOf(int io) {
        return ioQueue[io];
    }

    /** Whether IO {@code io} is a WRITE that covers device sector {@code s}. */
    public boolean writes(int io, long s) {
        IoSpec w = setup.ios().get(io);
        return w.op() == ReqOp.WRITE && s >= w.sector() && s < w.sector() + bytes[io] / config.sectorSize();
    }

    String ioId(int io) {
        return io < 0 ? "-" : setup.ios().get(io).id();
    }

    static boolean started(RequestSlot rq) {
        return rq.state() == RqState.IN_FLIGHT;
    }
}
