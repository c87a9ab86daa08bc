package dev.ublklab.viz;

import java.util.Locale;

/** The viewer's controls as text (the {@code ?} pane and {@code view --help}) and its event search. */
final class Controls {
    /** The controls, one per line ("%n": picocli's line break, so view --help prints the same text). */
    static final String KEYS = "n / p or Down / Up  next / previous step (the step list follows)%n"
            + ". / ,               next / previous event of the selected IO (its whole story)%n"
            + "v                   jump to the violating step; Home / End: first / last step%n"
            + "click               select the event and its IO; arrows join all its events%n"
            + "hover               the event or phase under the pointer%n"
            + "wheel, W / S, + / - zoom; drag, A / D, Left / Right: pan; 0 or F: fit%n"
            + "Shift+drag          select a time range: per-phase totals in the status line%n"
            + "PgUp / PgDn         scroll lanes (also Shift+wheel)%n"
            + "Ctrl+F              filter: io=r1 tag=3 q=0 op=WRITE phase=splice invariant%n"
            + "Ctrl+S              search events; Enter / Shift+Enter: next / previous match%n"
            + "Esc                 clear the selection, or leave the filter or search box%n"
            + "o                   diff: A above B or beside it%n"
            + "?                   show these controls";

    private Controls() {}

    /** The controls as shown in the details pane. */
    static String text() {
        return "Controls (? again to hide):\n" + KEYS.replace("%n", "\n");
    }

    /**
     * The next ({@code dir} 1) or previous (-1) event after {@code from} (-1: none yet) whose one-line
     * text contains {@code text}, ignoring case, and how many match: {found or -1, count}; null for no text.
     */
    static int[] search(TimelineModel m, String text, int from, int dir) {
        int n = m.events().size();
        if (text == null || text.isBlank() || n == 0) {
            return null;
        }
        String needle = text.strip().toLowerCase(Locale.ROOT);
        int count = 0, found = -1, start = from < 0 ? (dir > 0 ? -1 : n) : from;
        for (int k = 1; k <= n; k++) {
            int e = Math.floorMod(start + dir * k, n);
            if (Details.oneLine(m, e).toLowerCase(Locale.ROOT).contains(needle)) {
                found = found < 0 ? e : found;
                count++;
            }
        }
        return new int[] {found, count};
    }
}
