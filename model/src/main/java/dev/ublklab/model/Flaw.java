package dev.ublklab.model;

/**
 * Ghost record of the first time a history invariant broke (the state alone can't show a past
 * access). Holds only state words (no step numbers), so equal histories give equal states.
 *
 * @param kind  what happened: names the invariant, the fixed phrase and what {@code a} and {@code b} mean
 * @param queue the queue of the request concerned
 * @param tag   its tag
 * @param io    the IO concerned, or -1 when the step names no request
 * @param a     the kind's first number ({@link Kind}: page, res, done, buffers, generation, bytes moved)
 * @param b     the kind's second number (sector, rq_bytes, len, consumed_by_read, generation, len)
 */
public record Flaw(Kind kind, int queue, int tag, int io, int a, int b) {

    /** The history invariants that flaws break, by their public names (MODEL.md §5). */
    public enum Rule {
        COMPLETE_ONCE("complete-once"),
        NO_PAGE_AFTER_RELEASE("no-page-after-release"),
        NO_KERNEL_WARN("no-kernel-warn"),
        TRANSFER_BOUNDS("transfer-bounds"),
        REQUEST_ISOLATION("request-isolation"),
        CLEAN_WORKER_PIPE("clean-worker-pipe");

        private final String id;

        Rule(String id) {
            this.id = id;
        }

        /** The invariant's public name. */
        public String id() {
            return id;
        }
    }

    /** What {@code a} and {@code b} say, and how an explanation shows them. */
    enum Detail { PAGE_OF_IO, PAGE_OF_PAGE, RES_OVER_RQ_BYTES, BUFFERS_LEFT, DONE_OVER_LEN, NONE, MOVED_FOR_LEN,
        GENERATIONS, PIPE_STATE, PAIR }

    /** Every way the model breaks a history invariant. */
    public enum Kind {
        READ_RELEASED_PAGE(Rule.NO_PAGE_AFTER_RELEASE, "read a released page", Detail.PAGE_OF_IO),
        WROTE_RELEASED_PAGE(Rule.NO_PAGE_AFTER_RELEASE, "wrote a released page", Detail.PAGE_OF_IO),
        READ_RELEASED_PAGE_BY_PIPE(Rule.NO_PAGE_AFTER_RELEASE, "read a released page through a pipe buffer",
                Detail.PAGE_OF_PAGE),
        WROTE_RELEASED_PAGE_BY_PIPE(Rule.NO_PAGE_AFTER_RELEASE, "wrote a released page through a pipe buffer",
                Detail.PAGE_OF_PAGE),
        TASK_WORK_NOT_PARKED(Rule.COMPLETE_ONCE, "task work completed a uring_cmd that is not parked", Detail.PAIR),
        COMMIT_NOT_IN_FLIGHT(Rule.COMPLETE_ONCE, "a commit ended a request that is not in flight", Detail.PAIR),
        WARN_RES_OVER_RQ_BYTES(Rule.NO_KERNEL_WARN, "WARN_ON_ONCE(io->res > rq_bytes) in ublk_unmap_io",
                Detail.RES_OVER_RQ_BYTES),
        WARN_PIPE_NOT_EMPTY(Rule.NO_KERNEL_WARN, "WARN_ON_ONCE(!pipe_empty) in splice_direct_to_actor", Detail.BUFFERS_LEFT),
        WARN_DONE_OVER_LEN(Rule.NO_KERNEL_WARN, "WARN_ON_ONCE(done > len) in ublk_splice_read", Detail.DONE_OVER_LEN),
        WARN_NOT_DIRECT(Rule.NO_KERNEL_WARN, "WARN_ON_ONCE(!(flags & SPLICE_F_DIRECT)) in generic_file_splice_read",
                Detail.NONE),
        OOPS_NULL_PPOS(Rule.NO_KERNEL_WARN,
                "NULL pointer dereference of *ppos: IORING_OP_SPLICE with SPLICE_F_DIRECT and off_out == -1", Detail.NONE),
        SPLICE_OVER_LEN(Rule.TRANSFER_BOUNDS, "a splice moved more bytes than its SQE asked for", Detail.MOVED_FOR_LEN),
        USER_COPY_OVER_LEN(Rule.TRANSFER_BOUNDS, "a user copy moved more bytes than it asked for", Detail.MOVED_FOR_LEN),
        FIXED_PAST_END(Rule.TRANSFER_BOUNDS, "a fixed read/write moved bytes past the end of its request",
                Detail.MOVED_FOR_LEN),
        OTHER_REQUEST(Rule.REQUEST_ISOLATION, "a transfer issued for one request touched another", Detail.GENERATIONS),
        DIRTY_WORKER_PIPE(Rule.CLEAN_WORKER_PIPE, "a splice started on a worker pipe that is not clean", Detail.PIPE_STATE);

        private final Rule rule;
        private final String what;
        private final Detail detail;

        Kind(Rule rule, String what, Detail detail) {
            this.rule = rule;
            this.what = what;
            this.detail = detail;
        }

        public Rule rule() {
            return rule;
        }

        /** A fixed phrase naming what happened. */
        public String what() {
            return what;
        }
    }

    /** The public name of the invariant this flaw breaks. */
    public String invariant() {
        return kind.rule.id;
    }

    public String what() {
        return kind.what;
    }

    public Flaw withTag(int t) {
        return new Flaw(kind, queue, t, io, a, b);
    }

    /** The numbers of the flaw in words, for its invariant's explanation (empty when there are none). */
    public String detail() {
        boolean none = a == 0 && b == 0;
        return switch (kind.detail) {
            case PAGE_OF_IO -> ", page " + a + ", sector " + b + " of the IO";
            case PAGE_OF_PAGE -> ", page " + a + ", sector " + b + " of the page";
            case RES_OVER_RQ_BYTES -> ", res " + a + " > rq_bytes " + b;
            case BUFFERS_LEFT -> ", " + a + " buffer(s) left in the pipe";
            case DONE_OVER_LEN -> ", done " + a + " > len " + b;
            case NONE -> "";
            case MOVED_FOR_LEN -> none ? "" : ", moved " + a + " for len " + b;
            case GENERATIONS -> none ? "" : ", issued for generation " + a + ", touched generation " + b;
            case PIPE_STATE -> none ? "" : ", " + a + " buffer(s), consumed_by_read " + (b != 0);
            case PAIR -> none ? "" : ", " + a + " / " + b;
        };
    }
}
