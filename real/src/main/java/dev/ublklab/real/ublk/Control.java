package dev.ublklab.real.ublk;

import static dev.ublklab.real.sys.Uapi.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.ublklab.real.sys.ErrnoException;
import dev.ublklab.real.sys.Libc;
import dev.ublklab.real.uring.Cqe;
import dev.ublklab.real.uring.Ring;
import dev.ublklab.real.uring.Sqe;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * /dev/ublk-control: control commands as IORING_OP_URING_CMD on an SQE128 ring (ublk_drv.c
 * ublk_ctrl_uring_cmd rejects a control command without IO_URING_F_SQE128), with the 32-byte
 * ublksrv_ctrl_cmd at SQE @48 and the encoded UBLK_U_CMD_* number at @8.
 *
 * <p>Thread-safe (one command at a time): a shutdown hook may stop devices while another thread runs.
 * The ring has no SINGLE_ISSUER for that reason.
 */
public final class Control implements AutoCloseable {
    public static final Path CONTROL = Path.of("/dev/ublk-control");

    private final int fd;
    private final Ring ring;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buf = arena.allocate(256, 8);
    private boolean closed;

    private Control(int fd) {
        this.fd = fd;
        this.ring = Ring.setup(4, IORING_SETUP_SQE128 | IORING_SETUP_CQE32);
    }

    /** Opens /dev/ublk-control (never created); a missing node is {@link UblkException#noUblk()}. */
    public static Control open() {
        if (!Files.exists(CONTROL)) throw UblkException.noUblk();
        return new Control(Libc.openExisting(CONTROL));
    }

    /** True when this kernel has ublk_drv loaded. */
    public static boolean available() { return Files.exists(CONTROL); }

    /** Sends one command and waits for its CQE; returns cqe.res (0, a positive value, or -errno). */
    private int command(int cmdOp, int devId, long addr, int len, long data0) {
        MemorySegment sqe = ring.sqe();
        MemorySegment cmd = Sqe.uringCmd(sqe, fd, cmdOp, Integer.toUnsignedLong(cmdOp));
        cmd.set(JAVA_INT, CTRL_DEV_ID, devId);
        cmd.set(JAVA_SHORT, CTRL_QUEUE_ID, (short) -1);       // must be 0xFFFF for device commands
        cmd.set(JAVA_SHORT, CTRL_LEN, (short) len);
        cmd.set(JAVA_LONG, CTRL_ADDR, addr);
        cmd.set(JAVA_LONG, CTRL_DATA0, data0);
        Cqe c = ring.awaitOne();
        return c.res();
    }

    private static int check(String what, int res) {
        if (res < 0) throw new ErrnoException(what, -res);
        return res;
    }

    /** UBLK_U_CMD_GET_FEATURES: the kernel's UBLK_F_ALL (len must be exactly 8; 6.5+). */
    public synchronized long getFeatures() {
        buf.fill((byte) 0);
        check("GET_FEATURES", command(UBLK_U_CMD_GET_FEATURES, -1, buf.address(), 8, 0));
        return buf.get(JAVA_LONG, 0);
    }

    /** UBLK_U_CMD_ADD_DEV with dev_id -1 (allocate); returns the negotiated dev_info. */
    public synchronized DevInfo addDev(DevInfo want) {
        buf.fill((byte) 0);
        want.write(buf);
        check("ADD_DEV", command(UBLK_U_CMD_ADD_DEV, want.devId(), buf.address(), DEV_INFO_SIZE, 0));
        return DevInfo.read(buf);
    }

    /** UBLK_U_CMD_SET_PARAMS with the BASIC type only. */
    public synchronized void setBasicParams(int devId, long devSectors, int maxSectors, int attrs) {
        buf.fill((byte) 0);
        buf.set(JAVA_INT, PARAMS_LEN, PARAMS_BASIC_SIZE_WITH_HEADER);
        buf.set(JAVA_INT, PARAMS_TYPES, UBLK_PARAM_TYPE_BASIC);
        MemorySegment basic = buf.asSlice(PARAMS_BASIC);
        basic.set(JAVA_INT, BASIC_ATTRS, attrs);
        basic.set(JAVA_BYTE, BASIC_LOGICAL_BS_SHIFT, (byte) 9);
        basic.set(JAVA_BYTE, BASIC_PHYSICAL_BS_SHIFT, (byte) 12);
        basic.set(JAVA_BYTE, BASIC_IO_OPT_SHIFT, (byte) 12);
        basic.set(JAVA_BYTE, BASIC_IO_MIN_SHIFT, (byte) 9);
        basic.set(JAVA_INT, BASIC_MAX_SECTORS, maxSectors);
        basic.set(JAVA_LONG, BASIC_DEV_SECTORS, devSectors);
        check("SET_PARAMS", command(UBLK_U_CMD_SET_PARAMS, devId, buf.address(), PARAMS_BASIC_SIZE_WITH_HEADER, 0));
    }

    /** UBLK_U_CMD_START_DEV(data[0] = server pid); completes once every tag has issued FETCH_REQ. */
    public synchronized void startDev(int devId, int pid) {
        check("START_DEV", command(UBLK_U_CMD_START_DEV, devId, 0, 0, pid));
    }

    /** UBLK_U_CMD_STOP_DEV; returns res (errors are data here: stopping is best effort). */
    public synchronized int stopDev(int devId) { return command(UBLK_U_CMD_STOP_DEV, devId, 0, 0, 0); }

    /** UBLK_U_CMD_DEL_DEV: waits until the id is freed; returns res. */
    public synchronized int delDev(int devId) { return command(UBLK_U_CMD_DEL_DEV, devId, 0, 0, 0); }

    /**
     * UBLK_U_CMD_GET_QUEUE_AFFINITY(data[0] = q): the CPUs blk-mq maps to queue q, as a cpu_set_t of
     * {@code len} bytes (ublk_drv.c ublk_ctrl_get_queue_affinity: len a multiple of sizeof(long), at least
     * nr_cpu_ids bits). kublk pins each queue's thread there, so its task work runs where the IO was issued.
     */
    public synchronized byte[] getQueueAffinity(int devId, int q) {
        int len = 128;                               // 1024 CPUs, glibc's cpu_set_t
        buf.fill((byte) 0);
        check("GET_QUEUE_AFFINITY q" + q, command(UBLK_U_CMD_GET_QUEUE_AFFINITY, devId, buf.address(), len, q));
        return buf.asSlice(0, len).toArray(JAVA_BYTE);
    }

    /** UBLK_U_CMD_GET_DEV_INFO; throws ErrnoException (ENODEV) for an id that does not exist. */
    public synchronized DevInfo getDevInfo(int devId) {
        buf.fill((byte) 0);
        check("GET_DEV_INFO " + devId, command(UBLK_U_CMD_GET_DEV_INFO, devId, buf.address(), DEV_INFO_SIZE, 0));
        return DevInfo.read(buf);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        ring.close();
        Libc.close(fd);
        arena.close();
    }
}
