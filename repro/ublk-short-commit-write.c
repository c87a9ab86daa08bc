// SPDX-License-Identifier: GPL-2.0
/*
 * ublk: a short COMMIT_AND_FETCH_REQ result for a WRITE completes the whole request.
 *
 * A ublk server (copy mode, one queue, depth 2) is asked to write 64 KiB at sector 0. It stores
 * only the first 4096 bytes and commits result 4096. The driver's contract since 5.19 is that
 * __ublk_complete_rq hands the result to blk_update_request(), which ends 4096 bytes and requeues
 * the rest (the server then gets a WRITE at sector 8 for the remaining 61440 bytes). 6.12 and 7.2
 * do that. 7.3 (drivers/block/ublk_drv.c, __ublk_complete_rq: "if (!need_map ||
 * !ublk_need_unmap_req(req) || ...) goto exit;") ends every request that needs no copy-out with
 * blk_mq_end_request(req, BLK_STS_OK): the client's pwrite() returns 65536 although the server
 * never received 61440 of those bytes.
 *
 * Build: gcc -Wall -O2 -o ublk-short-commit-write ublk-short-commit-write.c -lpthread
 * Run as root on a kernel with ublk_drv loaded. No liburing: raw io_uring syscalls.
 * Exit: 1 the kernel shows the behaviour, 0 it does not, 2 it cannot run here.
 * The device it creates is stopped and deleted on every exit path (also on SIGINT/SIGTERM).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <linux/io_uring.h>

/*
 * Vendored from include/uapi/linux/ublk_cmd.h of Linux 7.3.4 (Debian linux-source-7.3
 * 7.3.4-1~bpo13+1): the host's linux-libc-dev may predate the ioctl-encoded commands (6.4),
 * GET_FEATURES (6.5) and UBLK_F_NO_AUTO_PART_SCAN (7.0). Only what this program uses.
 */
struct ublksrv_ctrl_cmd {
	__u32 dev_id;
	__u16 queue_id;
	__u16 len;
	__u64 addr;
	__u64 data[1];
	__u16 dev_path_len;
	__u16 pad;
	__u32 reserved;
};

struct ublksrv_ctrl_dev_info {
	__u16 nr_hw_queues;
	__u16 queue_depth;
	__u16 state;
	__u16 io_desc_size;	/* pad0 before 7.3 */
	__u32 max_io_buf_bytes;
	__u32 dev_id;
	__s32 ublksrv_pid;
	__u32 pad1;
	__u64 flags;
	__u64 ublksrv_flags;
	__u32 owner_uid;
	__u32 owner_gid;
	__u64 reserved1;
	__u64 reserved2;
};

struct ublksrv_io_desc {
	__u32 op_flags;
	__u32 nr_sectors;
	__u64 start_sector;
	__u64 addr;
};

struct ublksrv_io_cmd {
	__u16 q_id;
	__u16 tag;
	__s32 result;
	__u64 addr;
};

struct ublk_param_basic {
	__u32 attrs;
	__u8 logical_bs_shift;
	__u8 physical_bs_shift;
	__u8 io_opt_shift;
	__u8 io_min_shift;
	__u32 max_sectors;
	__u32 chunk_sectors;
	__u64 dev_sectors;
	__u64 virt_boundary_mask;
};

struct ublk_params_basic_only {		/* struct ublk_params up to and including .basic */
	__u32 len;
	__u32 types;
	struct ublk_param_basic basic;
};

#define UBLK_CMD_ADD_DEV		0x04
#define UBLK_CMD_DEL_DEV		0x05
#define UBLK_CMD_START_DEV		0x06
#define UBLK_CMD_STOP_DEV		0x07
#define UBLK_CMD_SET_PARAMS		0x08
#define UBLK_U_CMD_ADD_DEV		_IOWR('u', UBLK_CMD_ADD_DEV, struct ublksrv_ctrl_cmd)
#define UBLK_U_CMD_DEL_DEV		_IOWR('u', UBLK_CMD_DEL_DEV, struct ublksrv_ctrl_cmd)
#define UBLK_U_CMD_START_DEV		_IOWR('u', UBLK_CMD_START_DEV, struct ublksrv_ctrl_cmd)
#define UBLK_U_CMD_STOP_DEV		_IOWR('u', UBLK_CMD_STOP_DEV, struct ublksrv_ctrl_cmd)
#define UBLK_U_CMD_SET_PARAMS		_IOWR('u', UBLK_CMD_SET_PARAMS, struct ublksrv_ctrl_cmd)
#define UBLK_U_CMD_GET_FEATURES		_IOR('u', 0x13, struct ublksrv_ctrl_cmd)
#define UBLK_U_CMD_DEL_DEV_ASYNC	_IOR('u', 0x14, struct ublksrv_ctrl_cmd)
#define UBLK_U_IO_FETCH_REQ		_IOWR('u', 0x20, struct ublksrv_io_cmd)
#define UBLK_U_IO_COMMIT_AND_FETCH_REQ	_IOWR('u', 0x21, struct ublksrv_io_cmd)
#define UBLK_IO_RES_ABORT		(-ENODEV)
#define UBLK_F_CMD_IOCTL_ENCODE		(1ULL << 6)
#define UBLK_F_NO_AUTO_PART_SCAN	(1ULL << 18)
#define UBLK_PARAM_TYPE_BASIC		(1 << 0)
#define UBLK_IO_OP_READ			0
#define UBLK_IO_OP_WRITE		1
#define UBLK_MAX_QUEUE_DEPTH		4096
/* end of the vendored part */

#define DEPTH		2
#define IO_BYTES	65536
#define SHORT_BYTES	4096
#define DEV_BYTES	(1 << 20)
#define DEADLINE_S	60

struct ring {
	int fd;
	unsigned sqe_size, *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail, *cq_mask;
	struct io_uring_cqe *cqes;
	unsigned char *sqes;
	void *map;
	size_t map_len, sqes_len;
};

static int ctrl_fd = -1, ch_fd = -1;
static int dev_id = -1;			/* set once ADD_DEV succeeded: cleanup owes a DEL_DEV */
static struct ring ctrl_ring = { .fd = -1 }, q_ring = { .fd = -1 };
static volatile sig_atomic_t stop_requested;
static atomic_int start_res = 1, client_done;
static ssize_t client_res;
static int client_errno;
static unsigned char *backing, *pattern, *bufs[DEPTH];
static struct ublksrv_io_desc *iods;
static char log_[512];
static int shorted, rest_bytes;
static unsigned pending;		/* queue SQEs written but not yet submitted */

/* UBLK_REPRO_DEBUG=1: each step on stderr */
static void dbg(const char *what, int v)
{
	static int on = -1;

	if (on < 0)
		on = getenv("UBLK_REPRO_DEBUG") != NULL;
	if (on)
		fprintf(stderr, "repro: %s %d\n", what, v);
}

static int ring_init(struct ring *r, unsigned entries, unsigned flags)
{
	struct io_uring_params p;
	size_t sq_len, cq_len;
	unsigned char *m;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	r->fd = syscall(__NR_io_uring_setup, entries, &p);
	if (r->fd < 0)
		return -errno;
	if (!(p.features & IORING_FEAT_SINGLE_MMAP))
		return -EOPNOTSUPP;
	r->sqe_size = (flags & IORING_SETUP_SQE128) ? 128 : 64;
	sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned);
	cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
	r->map_len = sq_len > cq_len ? sq_len : cq_len;
	r->map = mmap(NULL, r->map_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
		      IORING_OFF_SQ_RING);
	if (r->map == MAP_FAILED)
		return -errno;
	r->sqes_len = p.sq_entries * r->sqe_size;
	r->sqes = mmap(NULL, r->sqes_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd,
		       IORING_OFF_SQES);
	if (r->sqes == MAP_FAILED)
		return -errno;
	m = r->map;
	r->sq_tail = (unsigned *)(m + p.sq_off.tail);
	r->sq_mask = (unsigned *)(m + p.sq_off.ring_mask);
	r->sq_array = (unsigned *)(m + p.sq_off.array);
	r->cq_head = (unsigned *)(m + p.cq_off.head);
	r->cq_tail = (unsigned *)(m + p.cq_off.tail);
	r->cq_mask = (unsigned *)(m + p.cq_off.ring_mask);
	r->cqes = (struct io_uring_cqe *)(m + p.cq_off.cqes);
	return 0;
}

static void ring_exit(struct ring *r)
{
	if (r->fd < 0)
		return;
	munmap(r->sqes, r->sqes_len);
	munmap(r->map, r->map_len);
	close(r->fd);
	r->fd = -1;
}

/* The next SQE, zeroed, already published in the SQ array (the caller submits). */
static struct io_uring_sqe *ring_sqe(struct ring *r)
{
	unsigned tail = *r->sq_tail, idx = tail & *r->sq_mask;
	struct io_uring_sqe *sqe = (struct io_uring_sqe *)(r->sqes + idx * r->sqe_size);

	memset(sqe, 0, r->sqe_size);
	r->sq_array[idx] = idx;
	__atomic_store_n(r->sq_tail, tail + 1, __ATOMIC_RELEASE);
	return sqe;
}

static int ring_enter(struct ring *r, unsigned submit, unsigned wait, long timeout_ms)
{
	struct __kernel_timespec ts = { timeout_ms / 1000, (timeout_ms % 1000) * 1000000 };
	struct io_uring_getevents_arg arg = { .ts = (__u64)(uintptr_t)&ts };
	unsigned flags = wait ? IORING_ENTER_GETEVENTS : 0;
	int ret;

	if (timeout_ms >= 0)
		ret = syscall(__NR_io_uring_enter, r->fd, submit, wait, flags | IORING_ENTER_EXT_ARG,
			      &arg, sizeof(arg));
	else
		ret = syscall(__NR_io_uring_enter, r->fd, submit, wait, flags, NULL, 0);
	return ret < 0 && errno != ETIME && errno != EINTR ? -errno : 0;
}

static int ring_cqe(struct ring *r, __u64 *user_data, int *res)
{
	unsigned head = *r->cq_head;

	if (head == __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE))
		return 0;
	*user_data = r->cqes[head & *r->cq_mask].user_data;
	*res = r->cqes[head & *r->cq_mask].res;
	__atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
	return 1;
}

/* One control command on ring r (SQE128, as the driver requires), waiting for its CQE. */
static int ctrl_cmd(struct ring *r, __u32 op, __u32 id, void *addr, __u16 len, __u64 data0)
{
	struct io_uring_sqe *sqe = ring_sqe(r);
	struct ublksrv_ctrl_cmd *c = (struct ublksrv_ctrl_cmd *)sqe->cmd;
	__u64 ud;
	int res, ret;

	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = ctrl_fd;
	sqe->cmd_op = op;
	c->dev_id = id;
	c->queue_id = (__u16)-1;
	c->addr = (__u64)(uintptr_t)addr;
	c->len = len;
	c->data[0] = data0;
	ret = ring_enter(r, 1, 1, -1);
	if (ret < 0)
		return ret;
	while (!ring_cqe(r, &ud, &res)) {
		ret = ring_enter(r, 0, 1, -1);
		if (ret < 0)
			return ret;
	}
	return res;
}

static void queue_cmd(__u32 op, int tag, int result)
{
	struct io_uring_sqe *sqe = ring_sqe(&q_ring);
	struct ublksrv_io_cmd *c = (struct ublksrv_io_cmd *)sqe->cmd;

	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = ch_fd;
	sqe->cmd_op = op;
	sqe->user_data = tag;
	pending++;
	c->q_id = 0;
	c->tag = tag;
	c->result = result;
	c->addr = (__u64)(uintptr_t)bufs[tag];
}

/* STOP_DEV + DEL_DEV for the device this program added; safe to call more than once. */
static void cleanup(void)
{
	if (dev_id >= 0 && ctrl_ring.fd >= 0) {
		dbg("STOP_DEV", ctrl_cmd(&ctrl_ring, UBLK_U_CMD_STOP_DEV, dev_id, NULL, 0, 0));
		ring_exit(&q_ring);
		/* the descriptor mapping holds /dev/ublkcN open: DEL_DEV would wait for its release forever */
		if (iods && iods != MAP_FAILED)
			munmap(iods, 4096);
		iods = NULL;
		if (ch_fd >= 0)
			close(ch_fd);
		ch_fd = -1;
		/*
		 * A START_DEV still waiting (a failure before every FETCH arrived) holds the device:
		 * DEL_DEV would wait for it forever, DEL_DEV_ASYNC (6.9+) deletes it once this process
		 * has exited and dropped it.
		 */
		if (atomic_load(&start_res) <= 0)
			dbg("DEL_DEV", ctrl_cmd(&ctrl_ring, UBLK_U_CMD_DEL_DEV, dev_id, NULL, 0, 0));
		else
			dbg("DEL_DEV_ASYNC", ctrl_cmd(&ctrl_ring, UBLK_U_CMD_DEL_DEV_ASYNC, dev_id, NULL, 0, 0));
		dev_id = -1;
	}
}

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void cannot_run(const char *what, int err)
{
	printf("ublk short-commit reproducer: cannot run: %s%s%s.\n", what, err ? ": " : "",
	       err ? strerror(err) : "");
	cleanup();
	exit(2);
}

static void *start_dev(void *arg)
{
	struct ring r = { .fd = -1 };
	int ret = ring_init(&r, 4, IORING_SETUP_SQE128);

	(void)arg;
	if (ret == 0)
		ret = ctrl_cmd(&r, UBLK_U_CMD_START_DEV, dev_id, NULL, 0, getpid());
	dbg("START_DEV", ret);
	ring_exit(&r);
	atomic_store(&start_res, ret);
	return NULL;
}

static void *client(void *arg)
{
	char path[64];
	int fd;

	(void)arg;
	snprintf(path, sizeof(path), "/dev/ublkb%d", dev_id);
	fd = open(path, O_RDWR | O_DIRECT | O_CLOEXEC);	/* an existing node: no O_CREAT */
	if (fd < 0) {
		client_res = -1;
		client_errno = errno;
	} else {
		client_res = pwrite(fd, pattern, IO_BYTES, 0);
		dbg("pwrite", (int)client_res);
		client_errno = client_res < 0 ? errno : 0;
		close(fd);
	}
	atomic_store(&client_done, 1);
	return NULL;
}

/* Serves one fetched request: the first 64 KiB WRITE at sector 0 is stored and committed short. */
static void serve(int tag)
{
	const struct ublksrv_io_desc *iod = &iods[tag];
	unsigned op = iod->op_flags & 0xff;
	size_t off = iod->start_sector * 512, bytes = (size_t)iod->nr_sectors * 512;
	int result = bytes;
	char line[64];

	if (off + bytes > DEV_BYTES) {
		result = -EIO;
	} else if (op == UBLK_IO_OP_READ) {
		memcpy(bufs[tag], backing + off, bytes);
	} else if (op == UBLK_IO_OP_WRITE) {
		if (!shorted && off == 0 && bytes == IO_BYTES) {
			shorted = 1;
			result = SHORT_BYTES;
		} else if (shorted) {
			rest_bytes += bytes;
		}
		memcpy(backing + off, bufs[tag], result);
		snprintf(line, sizeof(line), "%s WRITE tag %d sector %llu +%zu committed %d", *log_ ? ";" : "",
			 tag, (unsigned long long)iod->start_sector, bytes, result);
		strncat(log_, line, sizeof(log_) - strlen(log_) - 1);
	} else {
		result = 0;
	}
	queue_cmd(UBLK_U_IO_COMMIT_AND_FETCH_REQ, tag, result);
}

static void setup_device(__u64 features)
{
	struct ublksrv_ctrl_dev_info info = {
		.nr_hw_queues = 1, .queue_depth = DEPTH, .max_io_buf_bytes = IO_BYTES, .dev_id = (__u32)-1,
		.ublksrv_pid = getpid(),
		/* no partition scan where the kernel can skip it: its reads are not this test's IO */
		.flags = UBLK_F_CMD_IOCTL_ENCODE | (features & UBLK_F_NO_AUTO_PART_SCAN),
	};
	struct ublk_params_basic_only p = {
		.len = sizeof(p), .types = UBLK_PARAM_TYPE_BASIC,
		.basic = { .logical_bs_shift = 9, .physical_bs_shift = 12, .io_min_shift = 9,
			   .max_sectors = IO_BYTES >> 9, .dev_sectors = DEV_BYTES >> 9 },
	};
	char path[64];
	int ret, i;

	ret = ctrl_cmd(&ctrl_ring, UBLK_U_CMD_ADD_DEV, (__u32)-1, &info, sizeof(info), 0);
	if (ret < 0)
		cannot_run("ADD_DEV failed", -ret);
	dev_id = info.dev_id;
	dbg("ADD_DEV dev", dev_id);
	snprintf(path, sizeof(path), "/dev/ublkc%d", dev_id);
	for (i = 0; i < 300 && ch_fd < 0; i++) {
		ch_fd = open(path, O_RDWR | O_CLOEXEC);
		if (ch_fd < 0)
			usleep(10000);
	}
	if (ch_fd < 0)
		cannot_run("no /dev/ublkcN after ADD_DEV", errno);
	ret = ctrl_cmd(&ctrl_ring, UBLK_U_CMD_SET_PARAMS, dev_id, &p, sizeof(p), 0);
	dbg("SET_PARAMS", ret);
	if (ret < 0)
		cannot_run("SET_PARAMS failed", -ret);
	iods = mmap(NULL, 4096, PROT_READ, MAP_SHARED | MAP_POPULATE, ch_fd, 0);
	if (iods == MAP_FAILED)
		cannot_run("mmap of the io descriptors failed", errno);
	ret = ring_init(&q_ring, 2 * DEPTH, 0);
	if (ret < 0)
		cannot_run("io_uring_setup for the queue failed", -ret);
	for (i = 0; i < DEPTH; i++)
		queue_cmd(UBLK_U_IO_FETCH_REQ, i, 0);
	ret = ring_enter(&q_ring, pending, 0, -1);
	if (ret < 0)
		cannot_run("FETCH_REQ submission failed", -ret);
	pending = 0;
}

/* The queue daemon's loop until the client's pwrite returned; returns 0, or -1 on a timeout. */
static int run(void)
{
	time_t deadline = time(NULL) + DEADLINE_S;
	pthread_t starter, writer;
	int started = 0, res;
	__u64 ud;

	if (pthread_create(&starter, NULL, start_dev, NULL))
		cannot_run("pthread_create", errno);
	while (!atomic_load(&client_done)) {
		if (stop_requested || time(NULL) > deadline) {
			pthread_detach(starter);
			return -1;
		}
		if (ring_enter(&q_ring, 0, 1, 100) < 0)
			cannot_run("io_uring_enter on the queue failed", errno);
		while (ring_cqe(&q_ring, &ud, &res)) {
			dbg("queue CQE res", res);
			if (res == UBLK_IO_RES_ABORT)
				continue;
			if (res < 0)
				cannot_run("a FETCH/COMMIT command failed", -res);
			serve((int)ud);
		}
		if (pending && ring_enter(&q_ring, pending, 0, -1) < 0)
			cannot_run("COMMIT_AND_FETCH_REQ submission failed", errno);
		pending = 0;
		if (!started && atomic_load(&start_res) <= 0) {
			pthread_join(starter, NULL);
			if (atomic_load(&start_res) < 0)
				cannot_run("START_DEV failed", -atomic_load(&start_res));
			if (pthread_create(&writer, NULL, client, NULL))
				cannot_run("pthread_create", errno);
			pthread_detach(writer);
			started = 1;
		}
	}
	return 0;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct utsname u;
	__u64 features = 0;
	int ret, i, lost;

	setvbuf(stdout, NULL, _IOLBF, 0);		/* the paragraph is out before any teardown */
	uname(&u);
	if (geteuid() != 0)
		cannot_run("needs root", 0);
	ctrl_fd = open("/dev/ublk-control", O_RDWR | O_CLOEXEC);
	if (ctrl_fd < 0)
		cannot_run("no /dev/ublk-control (ublk_drv not loaded?)", errno);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	atexit(cleanup);
	ret = ring_init(&ctrl_ring, 4, IORING_SETUP_SQE128);
	if (ret < 0)
		cannot_run("io_uring_setup(SQE128) failed", -ret);
	ret = ctrl_cmd(&ctrl_ring, UBLK_U_CMD_GET_FEATURES, 0, &features, sizeof(features), 0);
	if (ret < 0 || !(features & UBLK_F_CMD_IOCTL_ENCODE))
		cannot_run("UBLK_U_CMD_GET_FEATURES / UBLK_F_CMD_IOCTL_ENCODE missing (needs Linux 6.5+)",
			   ret < 0 ? -ret : 0);
	backing = calloc(1, DEV_BYTES);
	if (!backing || posix_memalign((void **)&pattern, 4096, IO_BYTES))
		cannot_run("out of memory", ENOMEM);
	for (i = 0; i < IO_BYTES; i++)
		pattern[i] = (unsigned char)(i / 512 * 7 + 1);
	for (i = 0; i < DEPTH; i++)
		if (posix_memalign((void **)&bufs[i], 4096, IO_BYTES))
			cannot_run("out of memory", ENOMEM);
	setup_device(features);
	if (run() < 0)
		cannot_run(stop_requested ? "interrupted" : "the WRITE did not complete in time", 0);
	cleanup();
	if (!shorted)
		cannot_run("the 64 KiB WRITE never reached the server as one request", 0);
	lost = memcmp(backing, pattern, IO_BYTES) != 0;
	printf("ublk short-commit reproducer on Linux %s (GET_FEATURES 0x%llx, copy mode, 1 queue, depth %d): "
	       "the client wrote %d bytes at sector 0 with O_DIRECT; the server stored the first %d and "
	       "committed %d (server log:%s). The client's pwrite returned %zd%s%s; the server received %d "
	       "more bytes afterwards, and the device %s what pwrite reported. %s\n",
	       u.release, (unsigned long long)features, DEPTH, IO_BYTES, SHORT_BYTES, SHORT_BYTES, log_,
	       client_res, client_res < 0 ? ": " : "", client_res < 0 ? strerror(client_errno) : "",
	       rest_bytes, client_res == IO_BYTES && lost ? "does NOT hold" : "holds",
	       client_res == IO_BYTES && lost
		       ? "KERNEL SHOWS THE BEHAVIOUR: a short commit completed the whole WRITE (silent data loss)."
		       : "The kernel requeued the rest (or reported the short count): no data loss.");
	return client_res == IO_BYTES && lost ? 1 : 0;
}
