package dev.ublklab.real.sys;

/**
 * The native boundary in one table: every offset and constant this module writes to or reads from
 * the kernel, each citing the uapi header it mirrors. x86_64 only (syscall numbers, {@code _IOC}
 * encoding). Offsets were obtained with offsetof() on the mainline headers (see
 * shared/docs/ublk-protocol.md), not computed by hand.
 */
public final class Uapi {
    private Uapi() {}

    // ---- arch/x86/entry/syscalls/syscall_64.tbl ----
    public static final int SYS_io_uring_setup = 425, SYS_io_uring_enter = 426, SYS_io_uring_register = 427;

    // ---- include/uapi/asm-generic/fcntl.h, include/uapi/linux/memfd.h, mman-common.h ----
    public static final int O_RDONLY = 0, O_RDWR = 2, O_CREAT = 0100, O_DIRECT = 040000, O_CLOEXEC = 02000000;
    public static final int MFD_CLOEXEC = 1;
    public static final int PROT_READ = 1, PROT_WRITE = 2;
    public static final int MAP_SHARED = 0x01, MAP_POPULATE = 0x8000;

    // ---- include/uapi/linux/io_uring.h: struct io_uring_params (120 bytes) ----
    public static final int PARAMS_SIZE = 120;
    public static final int P_SQ_ENTRIES = 0, P_CQ_ENTRIES = 4, P_FLAGS = 8, P_FEATURES = 20;
    /** struct io_sqring_offsets sq_off @40: head, tail, ring_mask, ring_entries, flags, dropped, array. */
    public static final int P_SQ_HEAD = 40, P_SQ_TAIL = 44, P_SQ_RING_MASK = 48, P_SQ_RING_ENTRIES = 52,
        P_SQ_FLAGS = 56, P_SQ_DROPPED = 60, P_SQ_ARRAY = 64;
    /** struct io_cqring_offsets cq_off @80: head, tail, ring_mask, ring_entries, overflow, cqes, flags. */
    public static final int P_CQ_HEAD = 80, P_CQ_TAIL = 84, P_CQ_RING_MASK = 88, P_CQ_RING_ENTRIES = 92,
        P_CQ_OVERFLOW = 96, P_CQ_CQES = 100, P_CQ_FLAGS = 104;

    // io_uring.h: IORING_SETUP_*
    public static final int IORING_SETUP_CQSIZE = 1 << 3, IORING_SETUP_CLAMP = 1 << 4,
        IORING_SETUP_SUBMIT_ALL = 1 << 7, IORING_SETUP_COOP_TASKRUN = 1 << 8, IORING_SETUP_TASKRUN_FLAG = 1 << 9,
        IORING_SETUP_SQE128 = 1 << 10, IORING_SETUP_CQE32 = 1 << 11, IORING_SETUP_SINGLE_ISSUER = 1 << 12,
        IORING_SETUP_DEFER_TASKRUN = 1 << 13;
    // io_uring.h: IORING_FEAT_SINGLE_MMAP (SQ and CQ rings share one mmap at offset 0)
    public static final int IORING_FEAT_SINGLE_MMAP = 1;
    // io_uring.h: IORING_OFF_SQ_RING, IORING_OFF_CQ_RING, IORING_OFF_SQES
    public static final long IORING_OFF_SQ_RING = 0L, IORING_OFF_CQ_RING = 0x8000000L, IORING_OFF_SQES = 0x10000000L;
    // io_uring.h: IORING_ENTER_GETEVENTS
    public static final int IORING_ENTER_GETEVENTS = 1;
    // io_uring.h: IORING_ENTER_REGISTERED_RING (fd is an index from IORING_REGISTER_RING_FDS; 5.18+)
    public static final int IORING_ENTER_REGISTERED_RING = 1 << 4;
    // io_uring.h: IORING_ENTER_EXT_ARG (argp is a struct io_uring_getevents_arg: a timeout for GETEVENTS; 5.11+)
    public static final int IORING_ENTER_EXT_ARG = 1 << 3;
    public static final int IORING_REGISTER_RING_FDS = 20;
    // io_uring.h: IORING_SQ_CQ_OVERFLOW, IORING_SQ_TASKRUN (sq_off.flags bits)
    public static final int IORING_SQ_CQ_OVERFLOW = 1 << 1, IORING_SQ_TASKRUN = 1 << 2;
    // io_uring.h: enum io_uring_register_op
    public static final int IORING_REGISTER_BUFFERS = 0, IORING_UNREGISTER_BUFFERS = 1,
        IORING_REGISTER_FILES = 2, IORING_REGISTER_BUFFERS2 = 15;
    // io_uring.h: struct io_uring_rsrc_register {nr u32, flags u32, resv2 u64, data u64, tags u64} (32 bytes)
    public static final int RSRC_REGISTER_SIZE = 32, RSRC_NR = 0, RSRC_FLAGS = 4, RSRC_DATA = 16, RSRC_TAGS = 24;
    public static final int IORING_RSRC_REGISTER_SPARSE = 1;

    // ---- io_uring.h: struct io_uring_sqe (64 bytes; 128 with SQE128) ----
    public static final int SQE_SIZE = 64, SQE128_SIZE = 128;
    public static final int SQE_OPCODE = 0, SQE_FLAGS = 1, SQE_IOPRIO = 2, SQE_FD = 4, SQE_OFF = 8,
        SQE_CMD_OP = 8, SQE_PAD1 = 12, SQE_ADDR = 16, SQE_SPLICE_OFF_IN = 16, SQE_LEN = 24, SQE_RW_FLAGS = 28,
        SQE_URING_CMD_FLAGS = 28, SQE_USER_DATA = 32, SQE_BUF_INDEX = 40, SQE_PERSONALITY = 42,
        SQE_SPLICE_FD_IN = 44, SQE_CMD = 48;
    /** Bytes of {@code cmd[]} in a 64-byte SQE; 80 in a 128-byte SQE. */
    public static final int SQE_CMD_BYTES = 16, SQE128_CMD_BYTES = 80;
    // io_uring.h: IOSQE_* flags
    public static final byte IOSQE_FIXED_FILE = 1, IOSQE_IO_DRAIN = 2, IOSQE_IO_LINK = 4, IOSQE_IO_HARDLINK = 8,
        IOSQE_ASYNC = 16, IOSQE_CQE_SKIP_SUCCESS = 64;
    // io_uring.h: enum io_uring_op
    public static final byte IORING_OP_NOP = 0, IORING_OP_READV = 1, IORING_OP_WRITEV = 2, IORING_OP_FSYNC = 3,
        IORING_OP_READ_FIXED = 4, IORING_OP_WRITE_FIXED = 5, IORING_OP_READ = 22, IORING_OP_WRITE = 23,
        IORING_OP_SPLICE = 30, IORING_OP_URING_CMD = 46;

    // ---- io_uring.h: struct io_uring_cqe (16 bytes; 32 with CQE32) ----
    public static final int CQE_SIZE = 16, CQE32_SIZE = 32;
    public static final int CQE_USER_DATA = 0, CQE_RES = 8, CQE_FLAGS = 12;

    // ---- include/uapi/linux/uio.h: struct iovec {void *iov_base; size_t iov_len} ----
    public static final int IOVEC_SIZE = 16, IOVEC_BASE = 0, IOVEC_LEN = 8;

    // ---- include/uapi/asm-generic/ioctl.h: _IOC(dir, type, nr, size) on x86_64 ----
    public static final int IOC_WRITE = 1, IOC_READ = 2;

    /** {@code _IOC(dir, 'u', nr, size)}: the encoding ublk_cmd.h uses for every UBLK_U_* number. */
    public static int ioc(int dir, int nr, int size) { return dir << 30 | size << 16 | 'u' << 8 | nr; }

    // ---- include/uapi/linux/ublk_cmd.h: UBLK_U_CMD_* (_IOR/_IOWR('u', nr, struct ublksrv_ctrl_cmd)) ----
    public static final int UBLK_U_CMD_GET_QUEUE_AFFINITY = 0x80207501, UBLK_U_CMD_GET_DEV_INFO = 0x80207502, UBLK_U_CMD_ADD_DEV = 0xc0207504,
        UBLK_U_CMD_DEL_DEV = 0xc0207505, UBLK_U_CMD_START_DEV = 0xc0207506, UBLK_U_CMD_STOP_DEV = 0xc0207507,
        UBLK_U_CMD_SET_PARAMS = 0xc0207508, UBLK_U_CMD_GET_PARAMS = 0x80207509, UBLK_U_CMD_GET_FEATURES = 0x80207513;
    // ublk_cmd.h: UBLK_U_IO_* (_IOWR('u', nr, struct ublksrv_io_cmd))
    public static final int UBLK_U_IO_FETCH_REQ = 0xc0107520, UBLK_U_IO_COMMIT_AND_FETCH_REQ = 0xc0107521,
        UBLK_U_IO_NEED_GET_DATA = 0xc0107522, UBLK_U_IO_REGISTER_IO_BUF = 0xc0107523,
        UBLK_U_IO_UNREGISTER_IO_BUF = 0xc0107524;
    // ublk_cmd.h: UBLK_IO_RES_OK, UBLK_IO_RES_NEED_GET_DATA, UBLK_IO_RES_ABORT (-ENODEV)
    public static final int UBLK_IO_RES_OK = 0, UBLK_IO_RES_NEED_GET_DATA = 1, UBLK_IO_RES_ABORT = -19;

    // ublk_cmd.h: struct ublksrv_ctrl_cmd (32 bytes, at SQE @48)
    public static final int CTRL_CMD_SIZE = 32;
    public static final int CTRL_DEV_ID = 0, CTRL_QUEUE_ID = 4, CTRL_LEN = 6, CTRL_ADDR = 8, CTRL_DATA0 = 16,
        CTRL_DEV_PATH_LEN = 24;
    // ublk_cmd.h: struct ublksrv_ctrl_dev_info (64 bytes)
    public static final int DEV_INFO_SIZE = 64;
    public static final int INFO_NR_HW_QUEUES = 0, INFO_QUEUE_DEPTH = 2, INFO_STATE = 4, INFO_MAX_IO_BUF_BYTES = 8,
        INFO_DEV_ID = 12, INFO_UBLKSRV_PID = 16, INFO_FLAGS = 24, INFO_UBLKSRV_FLAGS = 32, INFO_OWNER_UID = 40,
        INFO_OWNER_GID = 44;
    // ublk_cmd.h: UBLK_S_DEV_DEAD, UBLK_S_DEV_LIVE, UBLK_S_DEV_QUIESCED, UBLK_S_DEV_FAIL_IO
    public static final int UBLK_S_DEV_DEAD = 0, UBLK_S_DEV_LIVE = 1, UBLK_S_DEV_QUIESCED = 2, UBLK_S_DEV_FAIL_IO = 3;

    // ublk_cmd.h: UBLK_F_* (dev_info.flags; GET_FEATURES returns the kernel's UBLK_F_ALL)
    public static final long UBLK_F_SUPPORT_ZERO_COPY = 1L << 0, UBLK_F_URING_CMD_COMP_IN_TASK = 1L << 1,
        UBLK_F_NEED_GET_DATA = 1L << 2, UBLK_F_USER_RECOVERY = 1L << 3, UBLK_F_USER_RECOVERY_REISSUE = 1L << 4,
        UBLK_F_UNPRIVILEGED_DEV = 1L << 5, UBLK_F_CMD_IOCTL_ENCODE = 1L << 6, UBLK_F_USER_COPY = 1L << 7,
        UBLK_F_ZONED = 1L << 8, UBLK_F_USER_RECOVERY_FAIL_IO = 1L << 9, UBLK_F_AUTO_BUF_REG = 1L << 11,
        UBLK_F_PER_IO_DAEMON = 1L << 13, UBLK_F_NO_AUTO_PART_SCAN = 1L << 18;

    // ublk_cmd.h: struct ublk_params (152 bytes): len u32 @0, types u32 @4, basic @8 (32 bytes)
    public static final int PARAMS_LEN = 0, PARAMS_TYPES = 4, PARAMS_BASIC = 8, PARAMS_BASIC_SIZE_WITH_HEADER = 40;
    public static final int UBLK_PARAM_TYPE_BASIC = 1;
    // ublk_cmd.h: struct ublk_param_basic, offsets relative to the struct
    public static final int BASIC_ATTRS = 0, BASIC_LOGICAL_BS_SHIFT = 4, BASIC_PHYSICAL_BS_SHIFT = 5,
        BASIC_IO_OPT_SHIFT = 6, BASIC_IO_MIN_SHIFT = 7, BASIC_MAX_SECTORS = 8, BASIC_CHUNK_SECTORS = 12,
        BASIC_DEV_SECTORS = 16, BASIC_VIRT_BOUNDARY_MASK = 24;
    public static final int UBLK_ATTR_READ_ONLY = 1, UBLK_ATTR_ROTATIONAL = 2, UBLK_ATTR_VOLATILE_CACHE = 4,
        UBLK_ATTR_FUA = 8;

    // ublk_cmd.h: struct ublksrv_io_desc (24 bytes, indexed by tag in the mmap of /dev/ublkcN)
    public static final int IO_DESC_SIZE = 24;
    public static final int DESC_OP_FLAGS = 0, DESC_NR_SECTORS = 4, DESC_START_SECTOR = 8, DESC_ADDR = 16;
    // ublk_cmd.h: UBLK_IO_OP_*
    public static final int UBLK_IO_OP_READ = 0, UBLK_IO_OP_WRITE = 1, UBLK_IO_OP_FLUSH = 2, UBLK_IO_OP_DISCARD = 3,
        UBLK_IO_OP_WRITE_SAME = 4, UBLK_IO_OP_WRITE_ZEROES = 5;
    // ublk_cmd.h: UBLKSRV_CMD_BUF_OFFSET, UBLK_MAX_QUEUE_DEPTH (the per-queue stride of the descriptor mmap)
    public static final long UBLKSRV_CMD_BUF_OFFSET = 0;
    public static final int UBLK_MAX_QUEUE_DEPTH = 4096;

    // ublk_cmd.h: struct ublksrv_io_cmd (16 bytes, at SQE @48)
    public static final int IO_CMD_Q_ID = 0, IO_CMD_TAG = 2, IO_CMD_RESULT = 4, IO_CMD_ADDR = 8;

    // ublk_cmd.h: UBLKSRV_IO_BUF_OFFSET, UBLK_IO_BUF_BITS (25), UBLK_TAG_OFF (25), UBLK_QID_OFF (41)
    public static final long UBLKSRV_IO_BUF_OFFSET = 0x80000000L;
    public static final int UBLK_IO_BUF_BITS = 25, UBLK_TAG_OFF = 25, UBLK_QID_OFF = 41;

    /** USER_COPY position of byte {@code off} of request (q, tag): base is added, not OR-ed. */
    public static long userCopyOffset(int q, int tag, long off) {
        return UBLKSRV_IO_BUF_OFFSET + ((long) q << UBLK_QID_OFF | (long) tag << UBLK_TAG_OFF | off);
    }
}
