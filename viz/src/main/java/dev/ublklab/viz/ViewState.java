package dev.ublklab.viz;

import java.util.BitSet;

/**
 * What the user chose to see: the visible time range, the selected IO (-1 for none), the filter's
 * matching events and IOs (null for no filter), the step cursor (-1 for none), extra events to
 * outline (a diff's divergence; may be null) and the first lane row shown (vertical scroll).
 */
public record ViewState(Viewport viewport, int selectedIo, BitSet filterEvents, BitSet filterIos,
                        int cursorEvent, BitSet outlined, int firstRow) {

    public static ViewState initial(TimelineModel m, int plotWidth) {
        return new ViewState(Viewport.fit(m, plotWidth), -1, null, null, -1, null, 0);
    }

    public ViewState withViewport(Viewport v) {
        return new ViewState(v, selectedIo, filterEvents, filterIos, cursorEvent, outlined, firstRow);
    }

    public ViewState withSelection(int io) {
        return new ViewState(viewport, io, filterEvents, filterIos, cursorEvent, outlined, firstRow);
    }

    public ViewState withFilter(BitSet events, BitSet ios) {
        return new ViewState(viewport, selectedIo, events, ios, cursorEvent, outlined, firstRow);
    }

    public ViewState withCursor(int event) {
        return new ViewState(viewport, selectedIo, filterEvents, filterIos, event, outlined, firstRow);
    }

    public ViewState withOutlined(BitSet events) {
        return new ViewState(viewport, selectedIo, filterEvents, filterIos, cursorEvent, events, firstRow);
    }

    public ViewState withFirstRow(int row) {
        return new ViewState(viewport, selectedIo, filterEvents, filterIos, cursorEvent, outlined, Math.max(0, row));
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
