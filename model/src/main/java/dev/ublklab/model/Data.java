package dev.ublklab.model;

import dev.ublklab.model.IoState.Phase;

/**
 * Data movement between request pages, server buffers and the backing store, sector by sector,
 * with the ghost checks on page lifetime.
 */
final class Data {
    private final Model m;
    private final int ss;
    private final int spp;
    /** Per IO: for each data sector k of the IO, page * sectorsPerPage + sector inside the page. */
    private final int[][] sectorMap;

    Data(Model m) {
        this.m = m;
        this.ss = m.config().sectorSize();
        this.spp = m.config().sectorsPerPage();
        Setup setup = m.setup();
        sectorMap = new int[setup.ios().size()][];
        for (int i = 0; i < setup.ios().size(); i++) {
            IoSpec io = setup.ios().get(i);
            int[] map = new int[io.bytes() / ss];
            int k = 0;
            for (int seg = 0; seg < io.segments().size(); seg++) {
                Segment s = io.segments().get(seg);
                for (int j = 0; j < s.len() / ss; j++) {
                    map[k++] = m.pageOf(i, seg) * spp + s.offset() / ss + j;
                }
            }
            sectorMap[i] = map;
        }
    }

    private int read(Tx tx, int io, int k, int q, int t) {
        int code = sectorMap[io][k];
        Page p = tx.page(code / spp);
        if (p.released()) {
            tx.flaw(new Flaw(Flaw.Kind.READ_RELEASED_PAGE, q, t, io, code / spp, k));
        }
        return p.tokens().get(code % spp);
    }

    private void write(Tx tx, int io, int k, int token, int q, int t) {
        int code = sectorMap[io][k];
        Page p = tx.page(code / spp);
        if (p.released()) {
            tx.flaw(new Flaw(Flaw.Kind.WROTE_RELEASED_PAGE, q, t, io, code / spp, k));
        }
        tx.page(code / spp, p.withTokens(p.tokens().with(code % spp, token)));
    }

    /** Sector {@code sec} of page {@code page}, read through a pipe buffer: ghost-checks the page's lifetime. */
    int pageRead(Tx tx, int page, int sec, int q, int t) {
        Page p = tx.page(page);
        if (p.released()) {
            tx.flaw(new Flaw(Flaw.Kind.READ_RELEASED_PAGE_BY_PIPE, q, t, m.ioOfPage(page), page, sec));
        }
        return p.tokens().get(sec);
    }

    /** Writes sector {@code sec} of page {@code page} through a pipe buffer. */
    void pageWrite(Tx tx, int page, int sec, int token, int q, int t) {
        Page p = tx.page(page);
        if (p.released()) {
            tx.flaw(new Flaw(Flaw.Kind.WROTE_RELEASED_PAGE_BY_PIPE, q, t, m.ioOfPage(page), page, sec));
        }
        tx.page(page, p.withTokens(p.tokens().with(sec, token)));
    }

    /** Sector {@code k} of IO {@code io}'s data (as {@link #read}, for the user-copy path). */
    int ioRead(Tx tx, int io, int k, int q, int t) {
        return read(tx, io, k, q, t);
    }

    void ioWrite(Tx tx, int io, int k, int token, int q, int t) {
        write(tx, io, k, token, q, t);
    }

    /** ublk_map_io for a WRITE: the request's first {@code bytes} remaining bytes into the server buffer at offset 0. */
    void mapWrite(Tx tx, int q, int t, int io, int bytes) {
        IoState s = tx.io(io);
        int from = s.done() / ss;
        int n = bytes / ss;
        SrvTag st = tx.q(q).srv(t);
        int[] buf = st.buf().toArray();
        for (int k = 0; k < n && k < buf.length; k++) {
            buf[k] = read(tx, io, from + k, q, t);
        }
        tx.q(q).srv(t, st.withBuf(Sectors.of(buf)));
    }

    /** ublk_unmap_io for a READ: {@code bytes} from the server buffer into the request's pages. */
    int unmapRead(Tx tx, int q, int t, int io, int bytes) {
        IoState s = tx.io(io);
        int from = s.done() / ss;
        int n = (bytes + ss - 1) / ss;
        Sectors buf = tx.q(q).srv(t).buf();
        for (int k = 0; k < n && k < buf.size(); k++) {
            write(tx, io, from + k, buf.get(k), q, t);
        }
        return bytes;
    }

    /** Bytes of {@code len} at {@code fileOff} that lie inside the backing store. */
    private int clamp(long fileOff, int len) {
        long end = (long) m.config().sectors() * ss;
        return (int) Math.max(0, Math.min(len, end - fileOff));
    }

    /**
     * An injected backend fault ({@link Fault}) on the server's operation: its error (nothing moves),
     * or the bytes a short call moves; an error or an end of file is what the server commits.
     */
    private int faulted(Tx tx, int q, SrvOp op, int res) {
        if (tx.fault() == 0) {
            return res;
        }
        if (Fault.error(tx.fault())) {
            Fault.excuseOwner(tx, q, op);
            return Fault.errno(tx.fault());
        }
        int n = (int) Fault.backendBytes(tx.fault(), res, ss);
        if (n == 0) {
            Fault.excuseOwner(tx, q, op);
        }
        return n;
    }

    /** IORING_OP_READ of the backing file into the server buffer of {@code op.tag()}. */
    int backendRead(Tx tx, int q, SrvOp op) {
        int res = faulted(tx, q, op, clamp(op.fileOff(), op.len()));
        if (res < 0) {
            return res;
        }
        SrvTag st = tx.q(q).srv(op.tag());
        int[] buf = st.buf().toArray();
        int first = (int) (op.fileOff() / ss);
        int at = (int) (op.pos() / ss);
        for (int k = 0; k < (res + ss - 1) / ss && at + k < buf.length; k++) {
            buf[at + k] = tx.backing().get(first + k);
        }
        tx.q(q).srv(op.tag(), st.withBuf(Sectors.of(buf)));
        Taint.serverRead(tx, q, op);
        return res;
    }

    /** IORING_OP_WRITE of the server buffer of {@code op.tag()} to the backing file. */
    int backendWrite(Tx tx, int q, SrvOp op) {
        int res = faulted(tx, q, op, clamp(op.fileOff(), op.len()));
        if (res < 0) {
            return res;
        }
        Sectors buf = tx.q(q).srv(op.tag()).buf();
        int[] back = tx.backing().toArray();
        int first = (int) (op.fileOff() / ss);
        int at = (int) (op.pos() / ss);
        for (int k = 0; k < (res + ss - 1) / ss && at + k < buf.size(); k++) {
            back[first + k] = buf.get(at + k);
        }
        tx.backing(Sectors.of(back));
        Taint.serverWrite(m, tx, q, op, res);
        return res;
    }

    /** fallocate(PUNCH_HOLE): the range gets a new version of the backing store's own content. */
    int backendDiscard(Tx tx, int q, SrvOp op) {
        int res = faulted(tx, q, op, clamp(op.fileOff(), op.len()));
        if (res < 0) {
            return res;
        }
        int[] back = tx.backing().toArray();
        int first = (int) (op.fileOff() / ss);
        for (int k = 0; k < res / ss; k++) {
            int cur = back[first + k];
            int v = Token.isBacking(cur) ? Token.version(cur) + 1 : 1;
            back[first + k] = Token.backing(first + k, v);
        }
        tx.backing(Sectors.of(back));
        return res;
    }

    /** The client releases a completed IO's pages. */
    void releasePages(Tx tx, int io) {
        tx.io(io, tx.io(io).with(Phase.RELEASED));
        IoSpec spec = m.setup().ios().get(io);
        for (int seg = 0; seg < spec.segments().size(); seg++) {
            int p = m.pageOf(io, seg);
            tx.page(p, new Page(true, tx.page(p).tokens()));
        }
    }

    /** The tokens IO {@code io}'s pages hold for its first {@code bytes} bytes. */
    int[] ioTokens(World w, int io, int bytes) {
        int n = Math.min((bytes + ss - 1) / ss, sectorMap[io].length);
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            int code = sectorMap[io][k];
            out[k] = w.pages().get(code / spp).tokens().get(code % spp);
        }
        return out;
    }
}
