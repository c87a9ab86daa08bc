package dev.ublklab.real.client;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.ublklab.real.sys.Libc;
import dev.ublklab.real.sys.Uapi;
import dev.ublklab.real.trace.EventLog;
import dev.ublklab.real.trace.RealEvent;
import dev.ublklab.real.uring.Ring;
import dev.ublklab.real.uring.Sqe;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Issues IOs to a block device (/dev/ublkbN, /dev/loopN) with O_DIRECT through io_uring READV/WRITEV,
 * each IO a list of segments in page-aligned buffers, up to {@code concurrency} in flight. It writes a
 * pattern that names the byte offset and a write generation, remembers the generation of every sector,
 * and verifies every read against it. IOs that overlap one in flight wait, so the expected content of
 * every sector is always known.
 */
public final class IoClient implements AutoCloseable {
    /** One IO: READ or WRITE of the segments (bytes each, multiples of 512) starting at a device offset. */
    public record Io(long id, boolean write, long offset, List<Integer> segments) {
        public Io {
            segments = List.copyOf(segments);
            if (offset % 512 != 0) throw new IllegalArgumentException("offset must be sector aligned");
            for (int s : segments) if (s <= 0 || s % 512 != 0) throw new IllegalArgumentException("segments are sector multiples");
        }

        public long bytes() {
            long n = 0;
            for (int s : segments) n += s;
            return n;
        }
    }

    /** What happened to one IO: res (bytes or -errno) and the time from submit to completion. */
    public record Completion(Io io, int res, long latencyNanos) {}

    private static final int MAX_SEGMENTS = 256;
    private final Path device;
    private final int fd;
    private final int concurrency;
    private final Ring ring;
    private final Arena arena = Arena.ofShared();
    private final long slotBytes;
    private final MemorySegment buffers;
    private final MemorySegment iovecs;
    private final long[] generation;          // per 512-byte sector; 0 = content unknown
    private long nextGeneration = 1;
    private final EventLog trace;
    private long mismatches;
    private String firstMismatch;

    public IoClient(Path device, long deviceBytes, int concurrency, long maxIoBytes, EventLog trace) {
        this.device = device;
        this.fd = Libc.openExisting(device, Uapi.O_DIRECT);
        this.concurrency = concurrency;
        this.ring = Ring.setup(Integer.highestOneBit(Math.max(1, concurrency * 2 - 1)), 0);   // next power of two
        // each slot: room for MAX_SEGMENTS page-aligned segments of maxIoBytes in total
        this.slotBytes = maxIoBytes + (long) MAX_SEGMENTS * 4096;
        this.buffers = arena.allocate(slotBytes * concurrency, 4096);
        this.iovecs = arena.allocate((long) Uapi.IOVEC_SIZE * MAX_SEGMENTS * concurrency, 8);
        this.generation = new long[(int) (deviceBytes >> 9)];
        this.trace = trace;
    }

    public Path device() { return device; }

    public long mismatches() { return mismatches; }

    /** The first read that did not return what was written, or null. */
    public String firstMismatch() { return firstMismatch; }

    private static long pattern(long pos, long gen) {
        long z = pos * 0x9E3779B97F4A7C15L + gen * 0xBF58476D1CE4E5B9L;   // SplitMix64 finaliser
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Runs every IO, keeping up to {@code concurrency} in flight; returns the results in completion order. */
    public List<Completion> run(List<Io> ios) {
        Io[] inFlight = new Io[concurrency];
        long[] startNanos = new long[concurrency];
        long[] writeGen = new long[concurrency];
        List<Completion> results = new ArrayList<>(ios.size());
        int next = 0, busy = 0;
        while (results.size() < ios.size()) {
            while (busy < concurrency && next < ios.size() && !overlaps(ios.get(next), inFlight)) {
                int slot = freeSlot(inFlight);
                Io io = ios.get(next++);
                inFlight[slot] = io;
                writeGen[slot] = io.write() ? nextGeneration++ : 0;
                prepare(slot, io, writeGen[slot]);
                if (trace.isOn()) {
                    trace.emit(new RealEvent.Submit(io.id(), io.write() ? "WRITE" : "READ", io.offset(), io.bytes(),
                        io.segments().size()));
                }
                startNanos[slot] = System.nanoTime();
                busy++;
            }
            ring.submit(1);
            int n = ring.cqReady();
            long now = System.nanoTime();
            for (int i = 0; i < n; i++) {
                int slot = (int) ring.cqeUserData(i);
                int res = ring.cqeRes(i);
                Io io = inFlight[slot];
                inFlight[slot] = null;
                busy--;
                if (trace.isOn()) trace.emit(new RealEvent.Complete(io.id(), res));
                complete(slot, io, res, writeGen[slot]);
                results.add(new Completion(io, res, now - startNanos[slot]));
            }
            ring.cqAdvance(n);
        }
        return results;
    }

    private static int freeSlot(Io[] inFlight) {
        for (int i = 0; i < inFlight.length; i++) if (inFlight[i] == null) return i;
        throw new IllegalStateException("no free slot");
    }

    private static boolean overlaps(Io io, Io[] inFlight) {
        for (Io o : inFlight) {
            if (o != null && (io.write() || o.write()) && io.offset() < o.offset() + o.bytes()
                && o.offset() < io.offset() + io.bytes()) return true;
        }
        return false;
    }

    /** Lays the segments out page-aligned in the slot's buffer, fills them for a WRITE, queues READV/WRITEV. */
    private void prepare(int slot, Io io, long gen) {
        if (io.segments().size() > MAX_SEGMENTS) throw new IllegalArgumentException("too many segments");
        MemorySegment iov = iovecs.asSlice((long) slot * MAX_SEGMENTS * Uapi.IOVEC_SIZE);
        long base = (long) slot * slotBytes, at = 0, pos = io.offset();
        for (int i = 0; i < io.segments().size(); i++) {
            int len = io.segments().get(i);
            if (at + len > slotBytes) throw new IllegalArgumentException("IO larger than maxIoBytes");
            MemorySegment seg = buffers.asSlice(base + at, len);
            if (io.write()) for (long w = 0; w < len; w += 8) seg.set(JAVA_LONG, w, pattern(pos + w, gen));
            else if (known(pos, len)) seg.fill((byte) 0x6b);   // poison: a READ that moves no data must not verify
            iov.set(JAVA_LONG, (long) i * Uapi.IOVEC_SIZE + Uapi.IOVEC_BASE, seg.address());
            iov.set(JAVA_LONG, (long) i * Uapi.IOVEC_SIZE + Uapi.IOVEC_LEN, len);
            at += (len + 4095) & ~4095L;
            pos += len;
        }
        MemorySegment sqe = ring.sqe();
        if (io.write()) Sqe.writev(sqe, fd, iov.address(), io.segments().size(), io.offset(), slot);
        else Sqe.readv(sqe, fd, iov.address(), io.segments().size(), io.offset(), slot);
    }

    /** True if any sector of the range has a known content (then a READ of it will be verified). */
    private boolean known(long pos, long len) {
        for (long off = 0; off < len; off += 512) if (generation[(int) ((pos + off) >> 9)] != 0) return true;
        return false;
    }

    /** A WRITE sets the generation of its sectors (unknown if it failed); a READ is checked sector by sector. */
    private void complete(int slot, Io io, int res, long gen) {
        long first = io.offset() >> 9, sectors = io.bytes() >> 9;
        if (io.write()) {
            for (long s = 0; s < sectors; s++) generation[(int) (first + s)] = res == io.bytes() ? gen : 0;
            return;
        }
        if (res != io.bytes()) return;
        long base = (long) slot * slotBytes, at = 0, pos = io.offset();
        for (int len : io.segments()) {
            MemorySegment seg = buffers.asSlice(base + at, len);
            for (long sector = 0; sector < len; sector += 512) {
                long g = generation[(int) ((pos + sector) >> 9)];
                if (g == 0) continue;                          // never written here: content unknown
                for (long w = sector; w < sector + 512; w += 8) {
                    if (seg.get(JAVA_LONG, w) != pattern(pos + w, g)) {
                        mismatch(io, pos + w, g);
                        return;
                    }
                }
            }
            at += (len + 4095) & ~4095L;
            pos += len;
        }
    }

    private void mismatch(Io io, long pos, long gen) {
        mismatches++;
        if (firstMismatch == null) {
            firstMismatch = "io " + io.id() + " READ @" + io.offset() + ": byte " + pos + " differs from write generation " + gen;
        }
    }

    @Override
    public void close() {
        ring.close();
        Libc.close(fd);
        arena.close();
    }
}
