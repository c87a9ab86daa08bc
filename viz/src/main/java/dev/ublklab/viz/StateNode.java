package dev.ublklab.viz;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of the model-state tree (as the TLA+ Toolbox's trace explorer shows a state): a label,
 * its children, and whether it changed since the previous step (a new row, another label, or a
 * changed row below it).
 */
public record StateNode(String label, boolean changed, List<StateNode> children) {
    public StateNode {
        children = List.copyOf(children);
    }

    /** A tree under construction. */
    static final class Builder {
        final String label;
        final List<Builder> children = new ArrayList<>();

        Builder(String label) {
            this.label = label;
        }

        Builder add(String child) {
            Builder b = new Builder(child);
            children.add(b);
            return b;
        }

        /** The tree, each row marked changed where {@code before} (same position) differs or is missing. */
        StateNode build(Builder before) {
            List<StateNode> kids = new ArrayList<>();
            boolean changed = before == null || !before.label.equals(label);
            for (int i = 0; i < children.size(); i++) {
                Builder old = before != null && i < before.children.size() ? before.children.get(i) : null;
                StateNode k = children.get(i).build(old);
                changed |= k.changed();
                kids.add(k);
            }
            changed |= before != null && before.children.size() > children.size();
            return new StateNode(label, changed, kids);
        }
    }

    /** The rows as indented text, changed ones marked with '*' (tests, logs). */
    public String text() {
        StringBuilder b = new StringBuilder();
        text(b, 0);
        return b.toString();
    }

    private void text(StringBuilder b, int depth) {
        b.append("  ".repeat(depth)).append(changed ? "* " : "  ").append(label).append('\n');
        for (StateNode c : children) {
            c.text(b, depth + 1);
        }
    }
}
