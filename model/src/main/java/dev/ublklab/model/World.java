package dev.ublklab.model;

import java.util.List;

/**
 * The whole dynamic state of one run (MODEL.md §1). Immutable: a step returns a new World that
 * shares everything it did not change.
 *
 * @param ios     per client IO, indexed as in the scenario
 * @param queues  per hardware queue
 * @param pages   every page of every IO's buffer ({@link Model#pageOf} maps segments to pages)
 * @param backing the backing store, one token per sector
 * @param workers io-wq workers, {@code workers} per queue, queue-major
 * @param crashed bit q set once the fault "crash queue q" has fired
 * @param adversary extra actions an adversarial server has taken so far (bounded by its budget)
 * @param flaws   ghost: the first violation of each history invariant
 * @param tainted ghost: which IOs an accepted adversary action or an injected fault affected, and
 *                whether the adversary wrote the backing file ({@link Taint})
 * @param life    the mainline lifecycle's state ({@link Lifecycle}), or null for the simplified kernel
 * @param faults  injected faults so far, one count per kind ({@link Fault#used})
 * @param excused ghost: bit i set when an injected fault made IO i's result an error ({@link Fault}): it
 *                may then complete with an error, but must still complete, and its data is judged as
 *                any other IO's
 * @param backingTaint ghost: the backing sectors an accepted adversary write (or the server's own write
 *                for a tainted or departed request) filled, one bit per sector, or per run of
 *                {@link Taint#sectorsPerBit} sectors when the file has more than 64 ({@link Taint})
 */
public record World(List<IoState> ios, List<QueueState> queues, List<Page> pages, Sectors backing,
                    List<Worker> workers, int crashed, int adversary, List<Flaw> flaws, long tainted, Life life,
                    int faults, long excused, long backingTaint) {
    public World {
        ios = Frozen.copyOf(ios);
        workers = Frozen.copyOf(workers);
        queues = Frozen.copyOf(queues);
        pages = Frozen.copyOf(pages);
        flaws = Frozen.copyOf(flaws);
    }

    /** A World without injected faults. */
    public World(List<IoState> ios, List<QueueState> queues, List<Page> pages, Sectors backing,
                 List<Worker> workers, int crashed, int adversary, List<Flaw> flaws, long tainted, Life life) {
        this(ios, queues, pages, backing, workers, crashed, adversary, flaws, tainted, life, 0, 0L, 0L);
    }

    /** A World of the simplified kernel (no lifecycle state) that nothing tainted. */
    public World(List<IoState> ios, List<QueueState> queues, List<Page> pages, Sectors backing,
                 List<Worker> workers, int crashed, int adversary, List<Flaw> flaws) {
        this(ios, queues, pages, backing, workers, crashed, adversary, flaws, 0L, null);
    }

    /** A World that nothing tainted, with the lifecycle state {@code life} (null: simplified kernel). */
    public World(List<IoState> ios, List<QueueState> queues, List<Page> pages, Sectors backing,
                 List<Worker> workers, int crashed, int adversary, List<Flaw> flaws, Life life) {
        this(ios, queues, pages, backing, workers, crashed, adversary, flaws, 0L, life);
    }

    /** Bits naming the parts of a World, for {@link #changed} and {@link Invariant#reads}. */
    public static final int IOS = 1, QUEUES = 2, PAGES = 4, BACKING = 8, WORKERS = 16, FLAWS = 32,
            COUNTERS = 64 /* crashed, adversary, tainted, faults, excused, backingTaint */, LIFE = 128, EVERYTHING = 255;

    /**
     * Which parts are not the very same objects (or values) in {@code before}. States share what
     * a step did not change, so this is a handful of reference comparisons.
     */
    public int changed(World before) {
        return (ios != before.ios ? IOS : 0) | (queues != before.queues ? QUEUES : 0) | (pages != before.pages ? PAGES : 0)
                | (backing != before.backing ? BACKING : 0) | (workers != before.workers ? WORKERS : 0)
                | (flaws != before.flaws ? FLAWS : 0)
                | (crashed != before.crashed || adversary != before.adversary || tainted != before.tainted || faults != before.faults
                        || excused != before.excused || backingTaint != before.backingTaint ? COUNTERS : 0)
                | (life != before.life ? LIFE : 0);
    }

    public IoState io(int i) {
        return ios.get(i);
    }

    public QueueState queue(int q) {
        return queues.get(q);
    }

    World withIos(List<IoState> v) {
        return new World(v, queues, pages, backing, workers, crashed, adversary, flaws, tainted, life, faults, excused, backingTaint);
    }

    World withQueues(List<QueueState> v) {
        return new World(ios, v, pages, backing, workers, crashed, adversary, flaws, tainted, life, faults, excused, backingTaint);
    }

    World withPages(List<Page> v) {
        return new World(ios, queues, v, backing, workers, crashed, adversary, flaws, tainted, life, faults, excused, backingTaint);
    }

    World withBacking(Sectors v) {
        return new World(ios, queues, pages, v, workers, crashed, adversary, flaws, tainted, life, faults, excused, backingTaint);
    }

    World withWorkers(List<Worker> v) {
        return new World(ios, queues, pages, backing, v, crashed, adversary, flaws, tainted, life, faults, excused, backingTaint);
    }

    World withCrashed(int v) {
        return new World(ios, queues, pages, backing, workers, v, adversary, flaws, tainted, life, faults, excused, backingTaint);
    }

    World withFlaws(List<Flaw> v) {
        return new World(ios, queues, pages, backing, workers, crashed, adversary, v, tainted, life, faults, excused, backingTaint);
    }
}
