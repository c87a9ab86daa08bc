package dev.ublklab.real.uring;

import static dev.ublklab.real.sys.Uapi.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;

/**
 * Fills a zeroed SQE (from {@link Ring#sqe()}) for one operation, as liburing's io_uring_prep_*
 * helpers do. Field offsets are those of io_uring.h struct io_uring_sqe ({@code Uapi.SQE_*}).
 */
public final class Sqe {
    private Sqe() {}

    private static void rw(MemorySegment sqe, byte op, int fd, long addr, int len, long off, long userData) {
        sqe.set(JAVA_BYTE, SQE_OPCODE, op);
        sqe.set(JAVA_INT, SQE_FD, fd);
        sqe.set(JAVA_LONG, SQE_OFF, off);
        sqe.set(JAVA_LONG, SQE_ADDR, addr);
        sqe.set(JAVA_INT, SQE_LEN, len);
        sqe.set(JAVA_LONG, SQE_USER_DATA, userData);
    }

    public static void nop(MemorySegment sqe, long userData) {
        sqe.set(JAVA_BYTE, SQE_OPCODE, IORING_OP_NOP);
        sqe.set(JAVA_LONG, SQE_USER_DATA, userData);
    }

    /** IORING_OP_READ: pread(fd, addr, len, off). */
    public static void read(MemorySegment sqe, int fd, long addr, int len, long off, long userData) {
        rw(sqe, IORING_OP_READ, fd, addr, len, off, userData);
    }

    /** IORING_OP_WRITE: pwrite(fd, addr, len, off). */
    public static void write(MemorySegment sqe, int fd, long addr, int len, long off, long userData) {
        rw(sqe, IORING_OP_WRITE, fd, addr, len, off, userData);
    }

    /** IORING_OP_READV: preadv(fd, iov, nr, off); iov is an array of struct iovec. */
    public static void readv(MemorySegment sqe, int fd, long iov, int nr, long off, long userData) {
        rw(sqe, IORING_OP_READV, fd, iov, nr, off, userData);
    }

    /** IORING_OP_WRITEV: pwritev(fd, iov, nr, off). */
    public static void writev(MemorySegment sqe, int fd, long iov, int nr, long off, long userData) {
        rw(sqe, IORING_OP_WRITEV, fd, iov, nr, off, userData);
    }

    /** IORING_OP_READ_FIXED into registered buffer bufIndex; addr lies inside that buffer. */
    public static void readFixed(MemorySegment sqe, int fd, long addr, int len, long off, int bufIndex, long userData) {
        rw(sqe, IORING_OP_READ_FIXED, fd, addr, len, off, userData);
        sqe.set(JAVA_SHORT, SQE_BUF_INDEX, (short) bufIndex);
    }

    /** IORING_OP_WRITE_FIXED from registered buffer bufIndex. */
    public static void writeFixed(MemorySegment sqe, int fd, long addr, int len, long off, int bufIndex, long userData) {
        rw(sqe, IORING_OP_WRITE_FIXED, fd, addr, len, off, userData);
        sqe.set(JAVA_SHORT, SQE_BUF_INDEX, (short) bufIndex);
    }

    /** IORING_OP_SPLICE: splice(fdIn, offIn, fdOut, offOut, len, flags); -1 offsets mean "no offset". */
    public static void splice(MemorySegment sqe, int fdIn, long offIn, int fdOut, long offOut, int len, int flags,
                              long userData) {
        rw(sqe, IORING_OP_SPLICE, fdOut, offIn, len, offOut, userData);
        sqe.set(JAVA_INT, SQE_SPLICE_FD_IN, fdIn);
        sqe.set(JAVA_INT, SQE_RW_FLAGS, flags);
    }

    /**
     * IORING_OP_URING_CMD to fd with cmd_op at @8 (the @12 pad stays 0, uring_cmd_flags @28 stays 0).
     * Returns the cmd[] area at @48: 16 bytes in a 64-byte SQE, 80 in a 128-byte one.
     */
    public static MemorySegment uringCmd(MemorySegment sqe, int fd, int cmdOp, long userData) {
        sqe.set(JAVA_BYTE, SQE_OPCODE, IORING_OP_URING_CMD);
        sqe.set(JAVA_INT, SQE_FD, fd);
        sqe.set(JAVA_INT, SQE_CMD_OP, cmdOp);
        sqe.set(JAVA_LONG, SQE_USER_DATA, userData);
        return sqe.asSlice(SQE_CMD, sqe.byteSize() - SQE_CMD);
    }

    /** Adds IOSQE_* flags (IO_LINK, FIXED_FILE, CQE_SKIP_SUCCESS, ...). */
    public static void flags(MemorySegment sqe, byte flags) {
        sqe.set(JAVA_BYTE, SQE_FLAGS, (byte) (sqe.get(JAVA_BYTE, SQE_FLAGS) | flags));
    }
}
