package dev.ublklab.real.replay;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.ublklab.model.IoSpec;
import dev.ublklab.model.ReqOp;
import dev.ublklab.model.Segment;
import dev.ublklab.model.Setup;
import dev.ublklab.real.sys.Libc;
import dev.ublklab.real.sys.Uapi;
import dev.ublklab.real.trace.EventLog;
import dev.ublklab.real.trace.RealEvent;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Issues a scenario's IOs to /dev/ublkbN with O_DIRECT, each from its own platform thread pinned to a
 * CPU that blk-mq maps to the IO's hardware queue (/sys/block/ublkbN/mq/Q/cpu_list), with a blocking
 * preadv/pwritev over the scenario's segments (each segment at its offset inside its own page) or
 * fsync for a FLUSH. IOs go in file order; an IO with {@code after} waits for that IO's completion.
 * WRITEs carry a pattern naming the byte and the IO; READs are checked against what the device must hold.
 */
public final class ReplayClient {
    private static final long SYS_PREADV = 295, SYS_PWRITEV = 296, SYS_FSYNC = 74, SYS_SCHED_SETAFFINITY = 203;
    /** Pause after each submit so that the kernel sees the IOs in the order the trace records them. */
    private static final long SUBMIT_GAP_MS = 10;

    /**
     * The client's view: per IO the syscall's result (bytes or -errno; null: no completion), the READs
     * that returned other data than the device must hold, and the IOs that never completed.
     */
    public record Outcome(List<Long> results, List<String> mismatches, List<String> stuck) {}

    private final Path block;
    private final Setup setup;
    private final EventLog trace;
    private final Submissions handler;
    private final long[] content;                 // per sector: the IO index + 1 that wrote it, 0 = zeros, -1 = unknown
    private final List<String> mismatches = new ArrayList<>();
    private final int[] writersInFlight;          // per sector
    private final boolean[] tainted;              // per IO: a READ that overlapped a WRITE in flight

    public ReplayClient(Path block, Setup setup, EventLog trace, Submissions handler) {
        this.block = block;
        this.setup = setup;
        this.trace = trace;
        this.handler = handler;
        int sectors = setup.config().sectors();
        this.content = new long[sectors];
        this.writersInFlight = new int[sectors];
        this.tainted = new boolean[setup.ios().size()];
    }

    /** Runs every IO; waits at most {@code timeoutMs} for all of them. */
    public Outcome run(long timeoutMs) throws InterruptedException {
        int n = setup.ios().size();
        Long[] results = new Long[n];
        CountDownLatch[] done = new CountDownLatch[n];
        for (int i = 0; i < n; i++) done[i] = new CountDownLatch(1);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long[][] cpus = new long[setup.config().queues()][];
        for (int q = 0; q < cpus.length; q++) cpus[q] = cpusOf(q);        // now: a crashed server's disk goes away
        int fd = Libc.openExisting(block, Uapi.O_DIRECT);
        List<String> stuck = new ArrayList<>();
        // GC-managed buffers: a thread still blocked in the kernel keeps its pages reachable
        Arena arena = Arena.ofAuto();
        try {
            for (int i = 0; i < n; i++) {
                IoSpec io = setup.ios().get(i);
                if (io.after() != null && !done[setup.ioIndex(io.after())].await(remaining(deadline), TimeUnit.NANOSECONDS)) {
                    stuck.add(io.id() + " (never submitted: " + io.after() + " did not complete)");
                    continue;
                }
                int index = i;
                long[] onQueue = cpus[io.queue()];
                CountDownLatch entered = new CountDownLatch(1);
                Thread.ofPlatform().daemon(true).name("replay-" + io.id()).start(() -> {
                    results[index] = issue(fd, arena, index, onQueue, entered);
                    done[index].countDown();
                });
                entered.await();
                Thread.sleep(SUBMIT_GAP_MS);
            }
            for (int i = 0; i < n; i++) {
                if (isNeverSubmitted(stuck, i)) continue;
                if (!done[i].await(remaining(deadline), TimeUnit.NANOSECONDS)) {
                    stuck.add(setup.ios().get(i).id() + " (no completion within " + timeoutMs + " ms)");
                }
            }
        } finally {
            Libc.close(fd);                 // a syscall still in the kernel holds its own file reference
        }
        synchronized (this) {
            return new Outcome(Arrays.asList(results.clone()), List.copyOf(mismatches), List.copyOf(stuck));
        }
    }

    private boolean isNeverSubmitted(List<String> stuck, int i) {
        String id = setup.ios().get(i).id() + " ";
        return stuck.stream().anyMatch(s -> s.startsWith(id));
    }

    private static long remaining(long deadline) { return Math.max(0, deadline - System.nanoTime()); }

    /** The CPUs blk-mq maps to hardware queue {@code q} of this device, or empty when unknown. */
    long[] cpusOf(int q) {
        Path list = Path.of("/sys/block", block.getFileName().toString(), "mq", Integer.toString(q), "cpu_list");
        try {
            return parseCpuList(Files.readString(list));
        } catch (IOException e) {
            throw new Unexpressible("hardware queue " + q + ": " + list + " is not readable: cannot place the IO on that queue");
        }
    }

    /** "0, 2-3" → {0, 2, 3}. */
    static long[] parseCpuList(String text) {
        List<Long> out = new ArrayList<>();
        for (String part : text.trim().split("\\s*,\\s*")) {
            if (part.isEmpty()) continue;
            String[] r = part.split("-");
            long lo = Long.parseLong(r[0].trim()), hi = r.length > 1 ? Long.parseLong(r[1].trim()) : lo;
            for (long c = lo; c <= hi; c++) out.add(c);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private long issue(int fd, Arena arena, int index, long[] cpus, CountDownLatch entered) {
        IoSpec io = setup.ios().get(index);
        try {
            pin(cpus);
            MemorySegment iov = prepare(arena, index, io);
            long offset = io.sector() * 512;
            beginIo(index, io);
            if (trace.isOn()) trace.emit(new RealEvent.Submit(index, io.op().name(), offset, io.bytes(), io.segments().size()));
            handler.submitted(io.id());
            entered.countDown();
            long res = switch (io.op()) {
                case READ -> Libc.rawSyscall(SYS_PREADV, fd, iov.address(), io.segments().size(), offset, 0, 0);
                case WRITE -> Libc.rawSyscall(SYS_PWRITEV, fd, iov.address(), io.segments().size(), offset, 0, 0);
                case FLUSH -> Libc.rawSyscall(SYS_FSYNC, fd, 0, 0, 0, 0, 0);
                case DISCARD -> throw new IllegalStateException("DISCARD is refused by RealPlan");
            };
            if (trace.isOn()) trace.emit(new RealEvent.Complete(index, (int) res));
            handler.completed(io.id());
            endIo(index, io, res, iov);
            return res;
        } finally {
            entered.countDown();
        }
    }

    private static void pin(long[] cpus) {
        if (cpus.length == 0) return;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment mask = a.allocate(128);
            for (long c : cpus) mask.set(JAVA_LONG, (c / 64) * 8, mask.get(JAVA_LONG, (c / 64) * 8) | 1L << (c % 64));
            Libc.check("sched_setaffinity", Libc.rawSyscall(SYS_SCHED_SETAFFINITY, 0, 128, mask.address(), 0, 0, 0));
        }
    }

    /** Pages for the segments (segment k at its offset inside page k), a WRITE's pattern, and the iovec array. */
    private MemorySegment prepare(Arena arena, int index, IoSpec io) {
        List<Segment> segs = io.segments();
        MemorySegment pages = arena.allocate(4096L * Math.max(1, segs.size()), 4096);
        MemorySegment iov = arena.allocate((long) Uapi.IOVEC_SIZE * Math.max(1, segs.size()), 8);
        long pos = io.sector() * 512;
        for (int k = 0; k < segs.size(); k++) {
            Segment s = segs.get(k);
            MemorySegment buf = pages.asSlice(4096L * k + s.offset(), s.len());
            if (io.op() == ReqOp.WRITE) for (long w = 0; w < s.len(); w += 8) buf.set(JAVA_LONG, w, pattern(pos + w, index + 1));
            iov.set(JAVA_LONG, (long) k * Uapi.IOVEC_SIZE + Uapi.IOVEC_BASE, buf.address());
            iov.set(JAVA_LONG, (long) k * Uapi.IOVEC_SIZE + Uapi.IOVEC_LEN, s.len());
            pos += s.len();
        }
        return iov;
    }

    static long pattern(long pos, long gen) {
        if (gen == 0) return 0;
        long z = pos * 0x9E3779B97F4A7C15L + gen * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private synchronized void beginIo(int index, IoSpec io) {
        int first = (int) io.sector(), n = io.bytes() / 512;
        for (int s = first; s < first + n; s++) {
            if (io.op() == ReqOp.WRITE) writersInFlight[s]++;
            else if (writersInFlight[s] > 0) tainted[index] = true;
        }
    }

    /** A WRITE sets its sectors' content (unknown unless it wrote all); a full READ is checked sector by sector. */
    private synchronized void endIo(int index, IoSpec io, long res, MemorySegment iov) {
        int first = (int) io.sector(), n = io.bytes() / 512;
        if (io.op() == ReqOp.WRITE) {
            for (int s = first; s < first + n; s++) {
                writersInFlight[s]--;
                content[s] = res == io.bytes() ? index + 1 : -1;
            }
            return;
        }
        if (io.op() != ReqOp.READ || res != io.bytes() || tainted[index]) return;
        long pos = io.sector() * 512;
        for (int k = 0; k < io.segments().size(); k++) {
            long len = iov.get(JAVA_LONG, (long) k * Uapi.IOVEC_SIZE + Uapi.IOVEC_LEN);
            MemorySegment buf = MemorySegment.ofAddress(iov.get(JAVA_LONG, (long) k * Uapi.IOVEC_SIZE + Uapi.IOVEC_BASE)).reinterpret(len);
            for (long w = 0; w < len; w += 8) {
                long gen = content[(int) ((pos + w) >> 9)];
                if (gen >= 0 && buf.get(JAVA_LONG, w) != pattern(pos + w, gen)) {
                    mismatches.add(io.id() + " READ: byte " + (pos + w) + " is not what " + (gen == 0 ? "the zeroed target holds"
                        : setup.ios().get((int) gen - 1).id() + " wrote"));
                    return;
                }
            }
            pos += len;
        }
    }
}
