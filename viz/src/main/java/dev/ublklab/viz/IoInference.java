package dev.ublklab.viz;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * STOP-GAP, to be removed once every model event names its IO in the trace (the shared trace codec
 * of issue 9): today spliceRead, spliceConsume, copyPages and adversary lines carry no {@code io}, so
 * the viewer derives it here, and only here, from what the trace does say:
 * <ul>
 * <li>an io-wq worker works for the IO of the tag its workerStart names (the splice runs in
 *     io_uring's worker for that tag's SQE), until its next workerStart;</li>
 * <li>an adversary action names the IO it completed ({@code completed}) or the tag it acts on
 *     ("COMMIT_AND_FETCH_REQ tag0 ..."): the IO that last owned that tag;</li>
 * <li>any other event with a queue and tag belongs to the tag's last owner, even after that IO
 *     completed: a late worker or commit still acts on it (the finding's whole point).</li>
 * </ul>
 * The last owner is kept past completion on purpose; the phase layout in {@link TimelineModel}
 * uses the live owner instead, so derived IOs never open phases.
 */
final class IoInference {
    private static final Pattern TAG = Pattern.compile("\\btag(\\d+)\\b");
    private final EventTable ev;
    private int[][] lastOwner = new int[0][];
    private int[] workerIo = new int[0];

    IoInference(EventTable ev) {
        this.ev = ev;
    }

    /** Called for every event in trace order with the IO it names or owns ({@code io}, -1 if none). */
    int of(int e, int io) {
        int q = ev.queue(e), w = ev.worker(e);
        int tag = ev.tag(e) >= 0 ? ev.tag(e) : tagInAction(e);
        int story = io >= 0 ? io : ev.completed(e) >= 0 ? ev.completed(e) : q >= 0 && tag >= 0 ? owner(q, tag) : -1;
        if (story < 0 && w >= 0 && w < workerIo.length) {
            story = workerIo[w];
        }
        if (story >= 0 && q >= 0 && ev.tag(e) >= 0) {
            setOwner(q, ev.tag(e), story);
        }
        if (w >= 0 && (ev.type(e) == EventType.WORKER_START || story >= 0)) {
            if (w >= workerIo.length) {
                workerIo = grow(workerIo, w + 1);
            }
            workerIo[w] = story;
        }
        return story;
    }

    /** Whether the IO of {@code e} was derived here rather than named by the event or its tag. */
    static boolean derived(EventTable ev, int e, int io) {
        return io >= 0 && ev.io(e) < 0 && ev.tag(e) < 0;
    }

    private int tagInAction(int e) {
        if (ev.type(e) != EventType.ADVERSARY) {
            return -1;
        }
        String action = ev.fact(e, "action");
        Matcher m = action == null ? null : TAG.matcher(action);
        return m != null && m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private int owner(int q, int tag) {
        return q < lastOwner.length && lastOwner[q] != null && tag < lastOwner[q].length ? lastOwner[q][tag] : -1;
    }

    private void setOwner(int q, int tag, int io) {
        if (q >= lastOwner.length) {
            lastOwner = Arrays.copyOf(lastOwner, q + 1);
        }
        if (lastOwner[q] == null || tag >= lastOwner[q].length) {
            lastOwner[q] = grow(lastOwner[q] == null ? new int[0] : lastOwner[q], tag + 1);
        }
        lastOwner[q][tag] = io;
    }

    private static int[] grow(int[] a, int n) {
        int old = a.length;
        int[] b = Arrays.copyOf(a, n);
        Arrays.fill(b, old, n, -1);
        return b;
    }
}
