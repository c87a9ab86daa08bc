package dev.ublklab.model;

import java.util.ArrayList;
import java.util.List;

/**
 * One step under construction: copy-on-write views of a {@link World} that a step edits in place and
 * then freezes into the next World, sharing every list it did not touch. Also collects the step's
 * {@link Facts} and ghost {@link Flaw}s.
 */
final class Tx {
    private final World base;
    private List<IoState> ios;
    private List<Page> pages;
    private List<Worker> workers;
    private List<Flaw> flaws;
    private Sectors backing;
    private int crashed;
    private int adversary;
    private Life life;
    private long tainted;
    private int faults;
    private long excused;
    private long backingTaint;
    /** The injected fault the step's event carries ({@link Fault}), 0 for none. */
    private int fault;
    private final Q[] queues;
    private List<Fact> factNames;
    private List<Object> factValues;

    /** Mutable copy-on-write view of one queue. */
    static final class Q {
        final QueueState base;
        List<RequestSlot> rqs;
        List<IoSlot> slots;
        List<SrvTag> srv;
        List<SrvOp> ops;
        List<FixedBuf> bufs;
        boolean dying;
        int hint;

        Q(QueueState b) {
            base = b;
            dying = b.dying();
            hint = b.hint();
        }

        RequestSlot rq(int t) {
            return rqs != null ? rqs.get(t) : base.rqs().get(t);
        }

        void rq(int t, RequestSlot v) {
            if (rqs == null) rqs = new Cow<>(base.rqs());
            rqs.set(t, v);
        }

        IoSlot slot(int t) {
            return slots != null ? slots.get(t) : base.slots().get(t);
        }

        void slot(int t, IoSlot v) {
            if (slots == null) slots = new Cow<>(base.slots());
            slots.set(t, v);
        }

        SrvTag srv(int t) {
            return srv != null ? srv.get(t) : base.srv().get(t);
        }

        void srv(int t, SrvTag v) {
            if (srv == null) srv = new Cow<>(base.srv());
            srv.set(t, v);
        }

        List<SrvOp> ops() {
            if (ops == null) ops = new Cow<>(base.ops());
            return ops;
        }

        SrvOp op(int i) {
            return ops != null ? ops.get(i) : base.ops().get(i);
        }

        FixedBuf buf(int i) {
            return bufs != null ? bufs.get(i) : base.bufs().get(i);
        }

        int bufCount() {
            return bufs != null ? bufs.size() : base.bufs().size();
        }

        /** Zero copy: the ring's buffer nodes, copied on first use. */
        List<FixedBuf> bufs() {
            if (bufs == null) bufs = new Cow<>(base.bufs());
            return bufs;
        }

        QueueState freeze() {
            if (rqs == null && slots == null && srv == null && ops == null && bufs == null && dying == base.dying()
                    && hint == base.hint()) {
                return base;
            }
            return new QueueState(rqs != null ? frozen(rqs) : base.rqs(), slots != null ? frozen(slots) : base.slots(),
                    srv != null ? frozen(srv) : base.srv(), ops != null ? frozen(ops) : base.ops(), dying, hint,
                    bufs != null ? frozen(bufs) : base.bufs());
        }
    }

    /** When false, facts are not kept: only whether the step ended a request (for liveness). */
    private final boolean record;
    private boolean ended;

    Tx(World w) {
        this(w, true);
    }

    Tx(World w, boolean record) {
        this.record = record;
        base = w;
        backing = w.backing();
        crashed = w.crashed();
        adversary = w.adversary();
        life = w.life();
        tainted = w.tainted();
        faults = w.faults();
        excused = w.excused();
        backingTaint = w.backingTaint();
        queues = new Q[w.queues().size()];
    }

    Q q(int q) {
        Q v = queues[q];
        if (v == null) {
            v = new Q(base.queue(q));
            queues[q] = v;
        }
        return v;
    }

    IoState io(int i) {
        return ios != null ? ios.get(i) : base.io(i);
    }

    void io(int i, IoState v) {
        if (ios == null) ios = new Cow<>(base.ios());
        ios.set(i, v);
    }

    Page page(int p) {
        return pages != null ? pages.get(p) : base.pages().get(p);
    }

    void page(int p, Page v) {
        if (pages == null) pages = new Cow<>(base.pages());
        pages.set(p, v);
    }

    Worker worker(int i) {
        return workers != null ? workers.get(i) : base.workers().get(i);
    }

    void worker(int i, Worker v) {
        if (workers == null) workers = new Cow<>(base.workers());
        workers.set(i, v);
    }

    Sectors backing() {
        return backing;
    }

    void backing(Sectors v) {
        backing = v;
    }

    int crashed() {
        return crashed;
    }

    void crashed(int v) {
        crashed = v;
    }

    int adversary() {
        return adversary;
    }

    void adversary(int v) {
        adversary = v;
    }

    /** The lifecycle state ({@link Lifecycle}); a lifecycle step sets its successor. */
    void life(Life v) {
        life = v;
    }

    int workerCount() {
        return base.workers().size();
    }

    /** Records the first violation of a history invariant; later ones of the same name are dropped. */
    long tainted() {
        return tainted;
    }

    void tainted(long v) {
        tainted = v;
    }

    /**
     * Records a ghost flaw, the first of its invariant. A correctness flaw about an IO that an
     * accepted adversary action or a fault already affected is not the kernel's ({@link Taint}):
     * it is not recorded, so that a later one about an untainted IO still is.
     */
    void flaw(Flaw f) {
        if (f.io() >= 0 && Taint.isIo(tainted, f.io()) && Taint.correctness(f.kind().rule().id())) {
            return;
        }
        List<Flaw> cur = flaws != null ? flaws : base.flaws();
        for (Flaw x : cur) {
            if (x.kind().rule() == f.kind().rule()) {
                return;
            }
        }
        if (flaws == null) flaws = new Cow<>(base.flaws());
        flaws.add(f);
        put(Fact.FLAW, f.kind().rule());
    }

    void fact(Fact name, long value) {
        if (record) {
            put(name, value);   // a quiet step boxes nothing
        } else {
            ended |= name == Fact.COMPLETED;
        }
    }

    void fact(Fact name, String value) {
        put(name, value);
    }

    void fact(Fact name, Sqe value) {
        put(name, value);
    }

    private void put(Fact name, Object value) {
        if (!record) {
            ended |= name == Fact.COMPLETED;
            return;
        }
        if (factNames == null) {
            factNames = new ArrayList<>(4);
            factValues = new ArrayList<>(4);
        }
        factNames.add(name);
        factValues.add(value);
    }

    /** A quiet step's facts: one shared value that only says a request ended. */
    static final Facts ENDED = Facts.NONE.and(Fact.COMPLETED, "");

    Facts facts() {
        if (!record) {
            return ended ? ENDED : Facts.NONE;
        }
        return factNames == null ? Facts.NONE : new Facts(factNames, factValues);
    }

    /** The step's private copy, frozen without another copy. */
    static <E> List<E> frozen(List<E> mine) {
        return ((Cow<E>) mine).freeze();
    }

    World freeze() {
        List<QueueState> qs = base.queues();
        boolean changed = false;
        QueueState[] out = new QueueState[queues.length];
        for (int i = 0; i < queues.length; i++) {
            out[i] = queues[i] == null ? base.queue(i) : queues[i].freeze();
            changed |= out[i] != base.queue(i);
        }
        if (changed) {
            qs = Frozen.adopt(out);
        }
        return new World(ios != null ? frozen(ios) : base.ios(), qs, pages != null ? frozen(pages) : base.pages(), backing,
                workers != null ? frozen(workers) : base.workers(), crashed, adversary, flaws != null ? frozen(flaws) : base.flaws(),
                tainted, life, faults, excused, backingTaint);
    }

    /** The injected fault this step's event carries ({@link Fault}), 0 for none. */
    int fault() {
        return fault;
    }

    /** The step injects fault {@code code}: it counts against its kind's budget. */
    void fault(int code) {
        fault = code;
        if (code != 0) {
            faults = Fault.use(faults, Fault.kindOf(code));
            fact(Fact.FAULT, Fault.describe(code));
        }
    }

    long excused() {
        return excused;
    }

    void excused(long v) {
        excused = v;
    }

    long backingTaint() {
        return backingTaint;
    }

    void backingTaint(long v) {
        backingTaint = v;
    }
}
