package dev.ublklab.viz;

import java.util.BitSet;

/**
 * What the user chose to see: the visible time range, the selected IO (-1 for none), the filter's
 * matching events and IOs (null for no filter), the step cursor (-1 for none), extra events to
 * outline (a diff's divergence; may be null), the first lane row shown (vertical scroll) and where
 * this side of a diff lacks the other's divergent event (may be null).
 */
public record ViewState(Viewport viewport, int selectedIo, BitSet filterEvents, BitSet filterIos,
                        int cursorEvent, BitSet outlined, int firstRow, TraceDiff.Gap gap) {

    public static ViewState initial(TimelineModel m, int plotWidth) {
        return new ViewState(Viewport.fit(m, plotWidth), -1, null, null, -1, null, 0, null);
    }

    public ViewState withViewport(Viewport v) {
        return new ViewState(v, selectedIo, filterEvents, filterIos, cursorEvent, outlined, firstRow, gap);
    }

    public ViewState withSelection(int io) {
        return new ViewState(viewport, io, filterEvents, filterIos, cursorEvent, outlined, firstRow, gap);
    }

    public ViewState withFilter(BitSet events, BitSet ios) {
        return new ViewState(viewport, selectedIo, events, ios, cursorEvent, outlined, firstRow, gap);
    }

    public ViewState withCursor(int event) {
        return new ViewState(viewport, selectedIo, filterEvents, filterIos, event, outlined, firstRow, gap);
    }

    public ViewState withOutlined(BitSet events) {
        return new ViewState(viewport, selectedIo, filterEvents, filterIos, cursorEvent, events, firstRow, gap);
    }

    public ViewState withGap(TraceDiff.Gap g) {
        return new ViewState(viewport, selectedIo, filterEvents, filterIos, cursorEvent, outlined, firstRow, g);
    }

    public ViewState withFirstRow(int row) {
        return new ViewState(viewport, selectedIo, filterEvents, filterIos, cursorEvent, outlined, Math.max(0, row), gap);
    }

    /** Whether segments of {@code io} are drawn at full strength (-1: a column mixing IOs). */
    public boolean inFocus(int io) {
        if (selectedIo >= 0) {
            return io == selectedIo;
        }
        if (filterIos != null) {
            return io >= 0 && filterIos.get(io);
        }
        return true;
    }
}
