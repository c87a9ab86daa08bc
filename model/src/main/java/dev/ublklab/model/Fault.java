package dev.ublklab.model;

import java.util.List;

/**
 * Injected faults (scenario {@code faults.backendError}, {@code backendShort}, {@code allocFail},
 * {@code copyFault}): a budget of N faults of each kind that the checker may place at any failure
 * point of the modelled code, and the simulator places by its seed. A fault is the environment's
 * doing, not the server's: every invariant stays on. An event that reaches a failure point is
 * offered once as it is and once per fault that could strike there (the event's {@code fault}
 * code, 0 for none; the step's facts say {@code fault}). The failure points:
 *
 * <ul>
 *   <li><b>backendError</b>: the backing file's read or write fails: the correct (or scripted)
 *       server's IORING_OP_READ / IORING_OP_WRITE (copy, user copy), READ_FIXED / WRITE_FIXED (zero
 *       copy), fallocate (DISCARD) return -EIO (a write also -ENOSPC); the RFC's splice consumer
 *       (iter_file_splice_write, generic_file_splice_read) returns -EIO / -ENOSPC. Nothing moves.
 *   <li><b>backendShort</b>: the same read or write moves only its first half (rounded down to a
 *       sector, at least one sector; only a call of two sectors or more can be short), or a read hits
 *       the end of the file (0 bytes).
 *   <li><b>allocFail</b>: -ENOMEM where the kernel allocates: io_uring's async read/write state for
 *       every IORING_OP_READ / WRITE / READ_FIXED / WRITE_FIXED and the user copy's read/write of
 *       /dev/ublkcN (io_uring/rw.c io_prep_rw -> io_rw_alloc_async: the CQE is -ENOMEM, nothing
 *       ran); the RFC splice's internal pipe (fs/splice.c splice_direct_to_actor: {@code pipe =
 *       current->splice_pipe; if (unlikely(!pipe)) { pipe = alloc_pipe_info(); if (!pipe) return
 *       -ENOMEM;}}: io-wq workers come and go, so any splice may be a worker's first); zero copy's
 *       REGISTER_IO_BUF (io_uring/rsrc.c io_buffer_register_bvec: io_rsrc_node_alloc and the imu's
 *       bvec array, after the slot checks). ublk itself allocates nothing on these paths (its task
 *       work and command completion use storage embedded in the request and the command).
 *   <li><b>copyFault</b>: a copy to or from the server's pages stops after k pages (k = 0 .. pages - 1):
 *       ublk_copy_user_pages (6.12.118 ublk_drv.c L856-885: iov_iter_get_pages2 fails, "if (len <= 0)
 *       return done"; 7.3.4 L1430-1442: _copy_to_iter / _copy_from_iter short) called from
 *       ublk_map_io at dispatch (copy, WRITE: 6.12.118 L1247-1267 / 7.3.4 ublk_start_io L1756-1776:
 *       nothing mapped requeues the request, a partial map shortens the iod's nr_sectors), from
 *       ublk_unmap_io at commit (copy, READ: 6.12.118 L1074-1087 / 7.3.4 L1586-1599: nothing copied
 *       ends the request BLK_STS_IOERR, a partial copy lowers io->res) and from ublk_ch_read_iter /
 *       ublk_ch_write_iter (user copy: 6.12.118 L2102-2134, the pread/pwrite returns the bytes
 *       copied).
 * </ul>
 *
 * <p>Faults strike the operations of the correct or scripted server and the kernel paths they
 * reach, not the adversary's own extra operations. What the fault itself causes is accounted for
 * ({@link #excuse}): when its error reaches the server as the operation's result (an error, an end
 * of file, -ENOMEM, a copy of nothing), or the kernel fails the request because of it, the IO it
 * was for may complete with an error; it must still complete, and its data and everyone else's is
 * judged as before. A short result excuses nothing: a careful server commits the short count and
 * the kernel must deliver the rest (requeue it).
 */
public final class Fault {
    private Fault() {}

    /** Fault kinds, as the scenario names them; also their index in {@link World#faults}. */
    public static final List<String> KINDS = List.of("backendError", "backendShort", "allocFail", "copyFault");
    public static final int BACKEND_ERROR = 0, BACKEND_SHORT = 1, ALLOC_FAIL = 2, COPY_FAULT = 3;

    /** Fault codes an event carries. */
    public static final int NONE = 0, EIO = 1, ENOSPC = 2, SHORT = 3, EOF = 4, ENOMEM = 5;
    /** {@code COPY + k}: the copy stops after k pages. */
    public static final int COPY = 16;
    /** Why injected faults cannot run on a kernel with the mainline lifecycle. */
    public static final String NEEDS_DATA_PATH = "faults backendError, backendShort, allocFail and copyFault need the"
            + " simplified data path (a kernel without the mainline lifecycle, which models no data movement)";

    /** At most this many faults of one kind (a count is 8 bits of {@link World#faults}). */
    public static final int MAX_BUDGET = 15;

    /**
     * The scenario's fault budgets.
     */
    public record Budget(int backendError, int backendShort, int allocFail, int copyFault) {
        public static final Budget NONE = new Budget(0, 0, 0, 0);

        public Budget {
            for (int n : new int[] {backendError, backendShort, allocFail, copyFault}) {
                if (n < 0 || n > MAX_BUDGET) {
                    throw new IllegalArgumentException("a fault budget is 0.." + MAX_BUDGET + ", found " + n);
                }
            }
        }

        public int of(int kind) {
            return switch (kind) {
                case BACKEND_ERROR -> backendError;
                case BACKEND_SHORT -> backendShort;
                case ALLOC_FAIL -> allocFail;
                case COPY_FAULT -> copyFault;
                default -> throw new IllegalArgumentException("no fault kind " + kind);
            };
        }

        public boolean any() {
            return backendError + backendShort + allocFail + copyFault > 0;
        }
    }

    /** The kind a fault code counts against. */
    public static int kindOf(int code) {
        return switch (code) {
            case EIO, ENOSPC -> BACKEND_ERROR;
            case SHORT, EOF -> BACKEND_SHORT;
            case ENOMEM -> ALLOC_FAIL;
            default -> {
                if (code >= COPY) {
                    yield COPY_FAULT;
                }
                throw new IllegalArgumentException("no fault code " + code);
            }
        };
    }

    /** How many faults of {@code kind} the packed counts {@code faults} hold. */
    public static int used(int faults, int kind) {
        return (faults >>> (8 * kind)) & 0xff;
    }

    static int use(int faults, int kind) {
        return faults + (1 << (8 * kind));
    }

    /** Whether the scenario allows one more fault of {@code kind} in {@code w}. */
    static boolean left(Model m, World w, int kind) {
        return used(w.faults(), kind) < m.setup().faults().of(kind);
    }

    /** The fault in words, as the step's {@code fault} fact and traces write it. */
    public static String describe(int code) {
        return switch (code) {
            case EIO -> "backendError -EIO";
            case ENOSPC -> "backendError -ENOSPC";
            case SHORT -> "backendShort half";
            case EOF -> "backendShort eof";
            case ENOMEM -> "allocFail -ENOMEM";
            default -> "copyFault after " + (code - COPY) + " pages";
        };
    }

    /** The code {@link #describe} wrote, or {@link #NONE} for null. */
    public static int parse(Object fact) {
        if (fact == null) {
            return NONE;
        }
        String s = fact.toString();
        for (int c = EIO; c <= ENOMEM; c++) {
            if (describe(c).equals(s)) {
                return c;
            }
        }
        if (s.startsWith("copyFault after ") && s.endsWith(" pages")) {
            return COPY + Integer.parseInt(s.substring(16, s.length() - 6));
        }
        throw new IllegalArgumentException("unknown fault '" + s + "'");
    }

    /** Whether a fault code is an error the operation returns (nothing moves). */
    static boolean error(int code) {
        return code == EIO || code == ENOSPC || code == ENOMEM;
    }

    /** The error a fault code makes an operation return. */
    static int errno(int code) {
        return switch (code) {
            case EIO -> -Errno.EIO;
            case ENOSPC -> -Errno.ENOSPC;
            case ENOMEM -> -Errno.ENOMEM;
            default -> throw new IllegalArgumentException(describe(code) + " is no error");
        };
    }

    /** What a backend read or write of {@code n} bytes (sector size {@code ss}) moves under {@code code}. */
    static long backendBytes(int code, long n, int ss) {
        return switch (code) {
            case SHORT -> Math.min(n, Math.max(ss, (n / 2) / ss * ss));
            case EOF -> 0;
            default -> n;
        };
    }

    /** What a copy of {@code n} bytes moves when it faults after {@code code - COPY} pages. */
    static long copyBytes(int code, long n, int pageSize) {
        return code >= COPY ? Math.min(n, (long) (code - COPY) * pageSize) : n;
    }

    /**
     * The backend faults that can strike a read ({@code read}) or write of {@code len} bytes, each
     * added as {@code codes} entries when its kind has budget left; {@code alloc}: io_uring's
     * allocation applies too.
     */
    static void backend(Model m, World w, boolean read, boolean discard, int len, boolean alloc, java.util.function.IntConsumer codes) {
        if (left(m, w, BACKEND_ERROR)) {
            codes.accept(EIO);
            if (!read && !discard) {
                codes.accept(ENOSPC);
            }
        }
        if (!discard && left(m, w, BACKEND_SHORT)) {
            if (len >= 2 * m.config().sectorSize()) {
                codes.accept(SHORT);
            }
            if (read && len > 0) {
                codes.accept(EOF);
            }
        }
        if (alloc && left(m, w, ALLOC_FAIL)) {
            codes.accept(ENOMEM);
        }
    }

    /** The copy faults for a copy of {@code n} bytes: after 0 .. pages - 1 pages. */
    static void copy(Model m, World w, long n, java.util.function.IntConsumer codes) {
        if (n <= 0 || !left(m, w, COPY_FAULT)) {
            return;
        }
        long pages = (n + m.config().pageSize() - 1) / m.config().pageSize();
        for (int k = 0; k < pages; k++) {
            codes.accept(COPY + k);
        }
    }

    /** Whether any fault budget is set: only then are fault events offered. */
    static boolean any(Model m) {
        return m.setup().faults().any();
    }

    /**
     * The fault made IO {@code io}'s result an error (its error reached the server as the
     * operation's result, or the kernel failed the request because of it): the IO may complete
     * with an error. Nothing else is excused.
     */
    static void excuse(Tx tx, int io) {
        if (io >= 0 && io < Taint.MAX_IOS) {
            tx.excused(tx.excused() | (1L << io));
        }
    }

    /** As {@link #excuse} for the IO the server's operation {@code op} was issued for, if that request is still on its tag. */
    static void excuseOwner(Tx tx, int q, SrvOp op) {
        if (op.tag() < 0) {
            return;
        }
        SrvTag st = tx.q(q).srv(op.tag());
        if (st.phase() == SrvTag.Phase.WORKING && st.gen() == op.gen()) {
            excuse(tx, st.io());
        }
    }

    /** Whether IO {@code io} is excused in {@code w}. */
    public static boolean excused(World w, int io) {
        return io >= 0 && io < Taint.MAX_IOS && (w.excused() & (1L << io)) != 0;
    }
}
