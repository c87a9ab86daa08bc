package dev.ublklab.real.ublk;

import static dev.ublklab.real.sys.Uapi.*;

import dev.ublklab.real.sys.Libc;
import dev.ublklab.real.trace.EventLog;
import dev.ublklab.real.trace.RealEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One ublk device served by this process, created in kublk's start order: GET_FEATURES, ADD_DEV,
 * open /dev/ublkcN, SET_PARAMS, per queue a daemon thread that FETCH_REQs every tag, START_DEV(pid).
 * When {@link #create} returns, the kernel's own IO on the device (its partition scan) is over or never
 * happens: {@link PartitionScan}.
 *
 * <p>Every device is STOP_DEV+DEL_DEV'd on every exit path: {@link #close()}, a failure during create,
 * and a JVM shutdown hook (SIGTERM, SIGINT, System.exit). Only SIGKILL escapes; the ids are recorded in
 * {@link DeviceLedger} so that the next run deletes what SIGKILL left behind.
 */
public final class UblkDevice implements AutoCloseable {
    private static final Set<UblkDevice> LIVE = new LinkedHashSet<>();
    private static boolean hookInstalled;

    private final Control control;
    private final DeviceLedger ledger;
    private final DevInfo info;
    private final Target target;
    private final EventLog trace;
    private final List<Thread> threads = new ArrayList<>();
    private final List<QueueDaemon> daemons = new ArrayList<>();
    private int chFd = -1;
    private boolean closed;
    private String scan = "";

    private UblkDevice(Control control, DeviceLedger ledger, DevInfo info, Target target, EventLog trace) {
        this.control = control;
        this.ledger = ledger;
        this.info = info;
        this.target = target;
        this.trace = trace;
    }

    /**
     * Creates and starts a device. Leftovers from dead earlier runs are deleted first and reported to
     * {@code say}. Throws {@link UblkException} (exit code 2) where the kernel lacks ublk or a feature.
     */
    public static UblkDevice create(DeviceConfig cfg, Target target, RequestHandler handler, EventLog trace,
                                    Consumer<String> say) {
        Control control = Control.open();
        DeviceLedger ledger = DeviceLedger.standard();
        UblkDevice dev = null;
        try {
            ledger.sweep(control).forEach(say);
            long features = control.getFeatures();
            requireFeatures(cfg, features);
            int pid = Libc.getpid();
            DevInfo want = new DevInfo(cfg.queues(), cfg.depth(), 0, cfg.maxIoBufBytes(), -1, pid,
                UBLK_F_CMD_IOCTL_ENCODE | cfg.path().flag() | PartitionScan.flag(features));
            DevInfo got = control.addDev(want);
            ledger.record(got.devId());
            dev = new UblkDevice(control, ledger, got, target, trace);
            register(dev);
            dev.start(cfg, handler, pid);
            return dev;
        } catch (RuntimeException e) {
            if (dev != null) dev.close();
            else control.close();
            throw e;
        }
    }

    private static void requireFeatures(DeviceConfig cfg, long features) {
        if ((features & UBLK_F_CMD_IOCTL_ENCODE) == 0) {
            throw UblkException.unsupported("UBLK_F_CMD_IOCTL_ENCODE", features, "needs Linux 6.4+");
        }
        if (cfg.path() == DataPath.USER_COPY && (features & UBLK_F_USER_COPY) == 0) {
            throw UblkException.unsupported("UBLK_F_USER_COPY", features, "user-copy needs Linux 6.5+");
        }
        if (cfg.path() == DataPath.ZERO_COPY && (features & UBLK_F_SUPPORT_ZERO_COPY) == 0) {
            throw UblkException.unsupported("UBLK_F_SUPPORT_ZERO_COPY", features, "zero-copy needs Linux 6.15+");
        }
    }

    private void start(DeviceConfig cfg, RequestHandler handler, int pid) {
        int id = info.devId();
        Path ch = Path.of("/dev/ublkc" + id);
        awaitNode(ch);                                  // udev/devtmpfs creates it after ADD_DEV; kublk polls 3 s
        chFd = Libc.openExisting(ch);
        control.setBasicParams(id, target.sizeBytes() >> 9, info.maxIoBufBytes() >> 9, UBLK_ATTR_VOLATILE_CACHE);
        for (int q = 0; q < info.nrHwQueues(); q++) {
            QueueDaemon d = new QueueDaemon(id, q, info.queueDepth(), info.maxIoBufBytes(), chFd, cfg.path(), target,
                handler, trace, queueAffinity(id, q));
            daemons.add(d);
            threads.add(Thread.ofPlatform().name("ublk" + id + "-q" + q).daemon(true).start(d));
        }
        for (QueueDaemon d : daemons) {
            try {
                d.ready.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UblkException("interrupted while queues fetched", e);
            }
            if (d.failure != null) throw new UblkException("queue setup failed: " + d.failure.getMessage(), d.failure);
        }
        control.startDev(id, pid);
        awaitNode(blockPath());
        trace.emit(new RealEvent.Device(id, "started " + blockPath()));
        // the kernel's own IO (its partition scan) is over before the caller's first IO
        scan = PartitionScan.awaitEnd(info.flags(), blockPath(), this::served);
        trace.emit(new RealEvent.Device(id, scan));
    }

    /** The CPUs blk-mq maps to queue q, or null when the kernel will not say (then the thread is not pinned). */
    private byte[] queueAffinity(int id, int q) {
        try {
            return control.getQueueAffinity(id, q);
        } catch (dev.ublklab.real.sys.ErrnoException e) {
            return null;
        }
    }

    private static void awaitNode(Path p) {
        for (int i = 0; i < 300 && !Files.exists(p); i++) sleepMillis(10);
        if (!Files.exists(p)) throw new UblkException(p + " did not appear within 3 s", 1);
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static synchronized void register(UblkDevice d) {
        LIVE.add(d);
        if (!hookInstalled) {
            hookInstalled = true;
            Runtime.getRuntime().addShutdownHook(new Thread(UblkDevice::closeAll, "ublk-teardown"));
        }
    }

    private static void closeAll() {
        List<UblkDevice> all;
        synchronized (UblkDevice.class) {
            all = new ArrayList<>(LIVE);
        }
        for (UblkDevice d : all) d.close();
    }

    public int id() { return info.devId(); }

    public DevInfo info() { return info; }

    public Path blockPath() { return Path.of("/dev/ublkb" + info.devId()); }

    /** What guarantees that the kernel's partition scan is over (see {@link PartitionScan}). */
    public String partitionScan() { return scan; }

    /** Requests committed so far, over all queues. */
    public long served() {
        long n = 0;
        for (QueueDaemon d : daemons) n += d.served.get();
        return n;
    }

    /** True once every queue daemon thread has ended (every tag aborted, or a failure). */
    public boolean queuesEnded() {
        for (Thread t : threads) if (t.isAlive()) return false;
        return !threads.isEmpty();
    }

    /** The first failure a queue daemon met, or null. */
    public Throwable failure() {
        for (QueueDaemon d : daemons) if (d.failure != null) return d.failure;
        return null;
    }

    /**
     * Before STOP_DEV: every daemon sends the commits its handler still holds (RequestHandler.release),
     * and this waits (at most 5 s) until none is held, since STOP_DEV waits for every request in flight.
     */
    private void releaseHeld() {
        for (QueueDaemon d : daemons) d.releasing = true;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline && daemons.stream().anyMatch(QueueDaemon::holds)) {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        }
    }

    /** STOP_DEV, wait for the daemons to see every tag aborted, close /dev/ublkcN, DEL_DEV. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        int id = info.devId();
        try {
            releaseHeld();
            control.stopDev(id);
            trace.emit(new RealEvent.Device(id, "STOP_DEV"));
            for (Thread t : threads) {
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (chFd >= 0) Libc.close(chFd);
            control.delDev(id);                    // waits until the id is freed, i.e. /dev/ublkcN released
            trace.emit(new RealEvent.Device(id, "DEL_DEV"));
            ledger.remove(id);
        } finally {
            control.close();
            synchronized (UblkDevice.class) {
                LIVE.remove(this);
            }
        }
    }
}
