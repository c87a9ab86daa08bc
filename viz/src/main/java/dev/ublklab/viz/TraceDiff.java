package dev.ublklab.viz;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Aligns two traces IO by IO (by IO id): each IO's chain of events in trace A is aligned with its
 * chain in trace B by a longest common subsequence over event signatures (type and sqe). The first
 * divergence is the earliest event, in trace order, that has no partner; if every IO's chain
 * matches, it is the first position where the two global event orders differ.
 */
public record TraceDiff(List<IoAlignment> ios, int firstA, int firstB, Gap gapA, Gap gapB, String summary) {

    /**
     * Where a side lacks the first divergence's event (the other side has it and it has none of its
     * own): before its event {@code before} (its event count: after its last), at {@code time} on
     * its axis, with what to say there ("B ends here", "B has no execute here").
     */
    public record Gap(int before, double time, String label) {}

    TraceDiff(List<IoAlignment> ios, int firstA, int firstB, String summary) {
        this(ios, firstA, firstB, null, null, summary);
    }

    /** One IO's alignment: pairs of event indexes, -1 where one side has no partner. */
    public record IoAlignment(String io, int[] a, int[] b) {
        public boolean matches() {
            for (int i = 0; i < a.length; i++) {
                if (a[i] < 0 || b[i] < 0) {
                    return false;
                }
            }
            return true;
        }
    }

    public static TraceDiff of(TimelineModel ma, TimelineModel mb) {
        Set<String> ids = new LinkedHashSet<>(ma.events().ioIds());
        ids.addAll(mb.events().ioIds());
        Map<String, Integer> inA = index(ma), inB = index(mb);
        List<IoAlignment> out = new ArrayList<>();
        int[] toB = filled(ma.events().size()), toA = filled(mb.events().size());
        for (String id : ids) {
            int[] ca = ma.chainOf(inA.getOrDefault(id, -1));
            int[] cb = mb.chainOf(inB.getOrDefault(id, -1));
            IoAlignment al = align(id, ma, ca, mb, cb);
            out.add(al);
            for (int i = 0; i < al.a().length; i++) {
                if (al.a()[i] >= 0 && al.b()[i] >= 0) {
                    toB[al.a()[i]] = al.b()[i];
                    toA[al.b()[i]] = al.a()[i];
                }
            }
        }
        int firstA = -1, firstB = -1;
        Gap gapA = null, gapB = null;
        long firstKey = Long.MAX_VALUE;
        for (IoAlignment al : out) {
            for (int i = 0; i < al.a().length; i++) {
                if (al.a()[i] >= 0 && al.b()[i] >= 0) {
                    continue;
                }
                int onlyA = firstOnSide(al.a(), al.b(), i), onlyB = firstOnSide(al.b(), al.a(), i);
                long key = Math.min(onlyA < 0 ? Long.MAX_VALUE : onlyA, onlyB < 0 ? Long.MAX_VALUE : onlyB);
                if (key < firstKey) {
                    firstKey = key;
                    // A side without an event of its own here is marked where the other's would be, not
                    // at its own event before it (which is no divergence).
                    firstA = onlyA;
                    firstB = onlyB;
                    gapA = onlyA >= 0 ? null : gap(ma, nearestBefore(al.a(), i), mb, onlyB, toA, "A");
                    gapB = onlyB >= 0 ? null : gap(mb, nearestBefore(al.b(), i), ma, onlyA, toB, "B");
                }
                break;
            }
        }
        if (firstKey == Long.MAX_VALUE) {
            return orderDiff(out, ma, mb);
        }
        String where = firstA >= 0 ? Details.oneLine(ma, firstA) : Details.oneLine(mb, firstB);
        return new TraceDiff(out, firstA, firstB, gapA, gapB, "first divergence: " + where
                + (gapA != null ? " (" + gapA.label() + ")" : gapB != null ? " (" + gapB.label() + ")" : ""));
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, -1);
        return a;
    }

    /**
     * Where side {@code m} (named {@code name}) would have the other side's event {@code missing} of
     * {@code other}: after its own event before it in the IO's chain ({@code prev}), and after the
     * partner of the last event before {@code missing} on the other side that has one ({@code toM}:
     * the other side's events' partners here).
     */
    private static Gap gap(TimelineModel m, int prev, TimelineModel other, int missing, int[] toM, String name) {
        EventTable ev = m.events();
        int before = prev + 1;
        for (int k = missing - 1; k >= 0; k--) {
            if (toM[k] >= 0) {
                before = Math.max(before, toM[k] + 1);
                break;
            }
        }
        return gapAt(m, before, before >= ev.size() ? name + " ends here"
                : name + " has no " + other.events().type(missing).wire() + " here");
    }

    private static Gap gapAt(TimelineModel m, int before, String label) {
        EventTable ev = m.events();
        double time = before >= ev.size() ? m.end()
                : before == 0 ? ev.time(0) : (ev.time(before - 1) + ev.time(before)) / 2.0;
        return new Gap(before, time, label);
    }

    /** In the run of unpaired entries from {@code i}, the first event only {@code side} has, or -1. */
    private static int firstOnSide(int[] side, int[] other, int i) {
        for (int k = i; k < side.length && (side[k] < 0 || other[k] < 0); k++) {
            if (side[k] >= 0) {
                return side[k];
            }
        }
        return -1;
    }

    private static Map<String, Integer> index(TimelineModel m) {
        Map<String, Integer> out = new HashMap<>();
        List<String> ids = m.events().ioIds();
        for (int i = 0; i < ids.size(); i++) {
            out.put(ids.get(i), i);
        }
        return out;
    }

    private static int nearestBefore(int[] side, int i) {
        for (int k = i; k >= 0; k--) {
            if (side[k] >= 0) {
                return side[k];
            }
        }
        return -1;
    }

    private static TraceDiff orderDiff(List<IoAlignment> ios, TimelineModel ma, TimelineModel mb) {
        int n = Math.min(ma.events().size(), mb.events().size());
        for (int i = 0; i < n; i++) {
            if (!globalSignature(ma, i).equals(globalSignature(mb, i))) {
                return new TraceDiff(ios, i, i, "same per-IO histories, order differs at event "
                        + (i + 1) + ": " + Details.oneLine(ma, i) + " vs " + Details.oneLine(mb, i));
            }
        }
        if (ma.events().size() != mb.events().size()) {
            boolean aLonger = n < ma.events().size();
            return new TraceDiff(ios, aLonger ? n : -1, aLonger ? -1 : n, aLonger ? null : gapAt(ma, n, "A ends here"),
                    aLonger ? gapAt(mb, n, "B ends here") : null,
                    "one trace is longer: " + ma.events().size() + " vs " + mb.events().size() + " events ("
                    + (aLonger ? "B" : "A") + " ends here)");
        }
        return new TraceDiff(ios, -1, -1, "no divergence");
    }

    private static String signature(TimelineModel m, int e) {
        EventTable ev = m.events();
        return ev.type(e).wire() + (ev.sqe(e) == null ? "" : ":" + ev.sqe(e));
    }

    private static String globalSignature(TimelineModel m, int e) {
        int io = m.ioOfEvent(e);
        return signature(m, e) + "@" + (io < 0 ? "-" : m.events().ioId(io));
    }

    private static IoAlignment align(String id, TimelineModel ma, int[] ca, TimelineModel mb, int[] cb) {
        int n = ca.length, k = cb.length;
        String[] sa = new String[n], sb = new String[k];
        for (int i = 0; i < n; i++) {
            sa[i] = signature(ma, ca[i]);
        }
        for (int j = 0; j < k; j++) {
            sb[j] = signature(mb, cb[j]);
        }
        int[][] lcs = new int[n + 1][k + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = k - 1; j >= 0; j--) {
                lcs[i][j] = sa[i].equals(sb[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<int[]> pairs = new ArrayList<>();
        int i = 0, j = 0;
        while (i < n || j < k) {
            if (i < n && j < k && sa[i].equals(sb[j])) {
                pairs.add(new int[] {ca[i++], cb[j++]});
            } else if (j >= k || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) {
                pairs.add(new int[] {ca[i++], -1});
            } else {
                pairs.add(new int[] {-1, cb[j++]});
            }
        }
        int[] a = new int[pairs.size()], b = new int[pairs.size()];
        for (int p = 0; p < pairs.size(); p++) {
            a[p] = pairs.get(p)[0];
            b[p] = pairs.get(p)[1];
        }
        return new IoAlignment(id, a, b);
    }
}
