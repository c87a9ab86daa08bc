package dev.ublklab.viz;

import java.util.BitSet;
import java.util.stream.IntStream;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The viewer window's content: filter and search bar, one timeline (or two, A above B, for a
 * diff), and a side pane with the pinned invariant and step list (counterexample mode) and the
 * details of the selected event. The keys are {@link #KEYS}, also printed by {@code view --help}.
 */
public final class Viewer {
    /** The controls ({@link Controls#KEYS}), for view --help. */
    public static final String KEYS = Controls.KEYS;
    private final TimelineView main;
    private final TimelineView other;
    private final TextField filter = new TextField();
    private final TextField search = new TextField();
    private int searchFrom = -1;
    private final Label status = new Label();
    private final TextArea details = new TextArea();
    private final ListView<Integer> steps;
    private final Label invariant = new Label();
    private final Label diff = new Label();
    private final BorderPane root = new BorderPane();
    private int cursor = -1;
    private final StateAt stateAt;
    private final StatePane statePane;
    private SplitPane split;
    private String diffSummary;

    public Viewer(TimelineModel a, TimelineModel b) {
        this(a, b, StateAt.NONE);
    }

    /** With {@code stateAt}, the details pane also shows the model state after the selected event. */
    public Viewer(TimelineModel a, TimelineModel b, StateAt stateAt) {
        this.stateAt = stateAt;
        this.statePane = new StatePane(stateAt, this::openBranch);
        a.cycleFrom(stateAt);   // the livelock's lasso by model states, as check finds it
        main = new TimelineView(a);
        other = b == null ? null : new TimelineView(b);
        Counterexample cx = a.counterexample();
        steps = cx == null ? null : stepList(a);
        main.setOnPick(e -> select(main, e));
        main.setOnRange(this::rangeSelected);
        root.setTop(filterBar());
        root.setCenter(centre(a, b));
        root.setRight(sidePane(cx));
        status.setId("status");
        details.setId("details");
        details.setEditable(false);
        details.setWrapText(true);
        status.setText(a.trace().header().scenario() + ": " + a.events().size() + " events, " + a.laneCount()
                + " lanes; click an event, n/p to step" + (cx != null ? ", v jumps to the violation" : "") + ", ? for the controls");
        if (cx != null && cx.violatingEvent() >= 0) {
            moveCursor(cx.violatingEvent());
        } else {
            statePane.update(-1);
        }
    }

    private HBox filterBar() {
        filter.setId("filter");
        filter.setPromptText("filter: io=w1 tag=3 q=0 op=WRITE phase=splice type=fetch invariant");
        filter.setOnAction(e -> applyFilter(filter.getText()));
        HBox.setHgrow(filter, Priority.ALWAYS);
        search.setId("search");
        search.setPromptText("search events");
        search.setPrefColumnCount(14);
        search.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                search(search.getText(), e.isShiftDown() ? -1 : 1);
                e.consume();
            }
        });
        HBox bar = new HBox(8, new Label("Filter"), filter, new Label("Search"), search, status);
        bar.setPadding(new Insets(4));
        return bar;
    }

    private javafx.scene.Node centre(TimelineModel a, TimelineModel b) {
        if (other == null) {
            return main;
        }
        TraceDiff d = TraceDiff.of(a, b);
        diff.setId("diff");
        diffSummary = d.summary();
        diff.setText(TraceData.diffLabel(a.trace().header(), b.trace().header(), true) + ": " + diffSummary);
        main.setState(main.state().withOutlined(single(d.firstA())).withGap(d.gapA()));
        other.setState(other.state().withOutlined(single(d.firstB())).withGap(d.gapB()));
        // One time axis from the start: both views show the union of the two traces' ranges.
        double t0 = Math.min(a.start(), b.start()), t1 = Math.max(a.end(), b.end());
        Viewport common = new Viewport(t0, t0 + Math.max(1, t1 - t0) * 1.02, 800);
        main.setState(main.state().withViewport(common));
        other.setState(other.state().withViewport(common));
        main.setOnViewport(v -> other.setState(other.state().withViewport(v)));
        other.setOnViewport(v -> main.setState(main.state().withViewport(v)));
        other.setOnPick(e -> select(other, e));
        split = new SplitPane(main, other);
        split.setOrientation(Orientation.VERTICAL);
        VBox box = new VBox(diff, split);
        VBox.setVgrow(split, Priority.ALWAYS);
        return box;
    }

    private static BitSet single(int e) {
        BitSet s = new BitSet();
        if (e >= 0) {
            s.set(e);
        }
        return s;
    }

    private VBox sidePane(Counterexample cx) {
        VBox side = new VBox(6);
        side.setPadding(new Insets(4));
        side.setPrefWidth(340);
        if (cx != null) {
            invariant.setId("invariant");
            invariant.setWrapText(true);
            invariant.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            invariant.setStyle("-fx-text-fill: #d50000; -fx-font-weight: bold;");
            invariant.setText("violated: " + cx.invariant() + " at step " + cx.step() + "\n" + cx.explanation());
            steps.setPrefHeight(240);
            side.getChildren().addAll(invariant, new Label("Steps (n/p, v)"), steps);
        }
        details.setText("Click an event to see its fields."
                + (stateAt == StateAt.NONE ? "\n(Model state at a step: no replay given.)" : ""));
        javafx.scene.control.TabPane tabs = new javafx.scene.control.TabPane(
                tab("Details", details), tab("State", statePane.stateNode()), tab("Explore", statePane.exploreNode()));
        tabs.setId("tabs");
        side.getChildren().add(tabs);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        return side;
    }

    private static javafx.scene.control.Tab tab(String name, javafx.scene.Node content) {
        javafx.scene.control.Tab t = new javafx.scene.control.Tab(name, content);
        t.setClosable(false);
        return t;
    }

    /** A branch taken in the Explore tab opens in its own window, above the original, first divergence marked. */
    private void openBranch(ModelReplay.Branch b) {
        if (root.getScene() == null || root.getScene().getWindow() == null) {
            return;
        }
        Viewer v = new Viewer(b.model(), main.model(), b.states());
        javafx.stage.Stage stage = new javafx.stage.Stage();
        stage.setTitle("ublk-lab: branch of " + main.model().trace().header().scenario() + " at step " + (b.at() + 1));
        stage.setScene(v.scene());
        stage.show();
    }

    /** The state tree and Explore tab (tests). */
    StatePane statePane() { return statePane; }

    private ListView<Integer> stepList(TimelineModel m) {
        ListView<Integer> list = new ListView<>(FXCollections.observableArrayList(
                IntStream.range(0, m.events().size()).boxed().toList()));
        list.setId("steps");
        Counterexample cx = m.counterexample();
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Integer e, boolean empty) {
                super.updateItem(e, empty);
                setText(empty || e == null ? null : (e == cx.violatingEvent() ? "\u2717 " : "  ") + Details.oneLine(m, e));
                setStyle(!empty && e != null && cx.namedEvents().get(e) ? "-fx-text-fill: #d50000;" : "");
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null && now != cursor) {
                moveCursor(now);
            }
        });
        return list;
    }

    /**
     * The window: tall enough for the banner, the step list and the details even for a one-lane
     * trace; keys go to the timeline from the start (not into the filter box).
     */
    public Scene scene() {
        int min = main.model().counterexample() != null ? 640 : 420;
        int h = Math.min(900, Math.max(min, Layout.preferredHeight(main.model()) + (other == null ? 80 : Layout.preferredHeight(other.model()) + 100)));
        Scene scene = new Scene(root, 1400, h);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::key);
        scene.windowProperty().addListener((o, was, w) -> {
            if (w != null) {
                w.addEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN, ev -> main.requestFocus());
            }
        });
        main.requestFocus();
        return scene;
    }

    /** {@code ?}: the controls in the details pane, or back to the selection's details. */
    public void toggleHelp() {
        if (details.getText().startsWith("Controls")) {
            details.setText(cursor >= 0 ? Details.describe(main.model(), cursor) : "");
        } else {
            details.setText(Controls.text());
        }
    }

    /** Moves the cursor to the next ({@code dir} 1) or previous match of {@code text} in the events' one-line text. */
    public void search(String text, int dir) {
        TimelineModel m = main.model();
        int[] hit = Controls.search(m, text, searchFrom, dir);
        if (hit == null) {
            return;
        }
        int found = hit[0], count = hit[1];
        if (found < 0) {
            status.setText("search '" + text.strip() + "': no event matches");
            return;
        }
        searchFrom = found;
        moveCursor(found);
        status.setText("search '" + text.strip() + "': " + count + " events match; at " + Details.oneLine(m, found));
    }

    /** A range chosen by Shift+drag: how long IOs spent in each phase inside it. */
    void rangeSelected(double t0, double t1) {
        long[] d = main.model().phaseTotals(t0, t1);
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "range [%.0f, %.0f) %s:", t0, t1,
                main.model().timeUnit()));
        for (Phase p : Phase.values()) {
            if (d[p.ordinal()] > 0) {
                b.append(' ').append(p.label()).append(' ').append(d[p.ordinal()]);
            }
        }
        status.setText(b.toString());
    }

    public BorderPane root() { return root; }
    public TimelineView timeline() { return main; }
    public TimelineView otherTimeline() { return other; }
    public int cursor() { return cursor; }

    /** Selects the IO of event {@code e} in {@code view} (and the same IO id in the other view). */
    void select(TimelineView view, int e) {
        if (e < 0) {
            clearSelection();
            return;
        }
        TimelineModel m = view.model();
        int io = m.ioOfEvent(e);
        view.setState(view.state().withSelection(io).withCursor(e));
        TimelineView twin = view == main ? other : main;
        if (twin != null) {
            int twinIo = io < 0 ? -1 : twin.model().events().ioIds().indexOf(m.events().ioId(io));
            twin.setState(twin.state().withSelection(twinIo));
        }
        String state = view == main ? stateAt.after(e) : null;
        if (view == main) {
            statePane.update(e);
        }
        details.setText(Details.describe(m, e) + (state == null ? "" : "--\nmodel state after this step:\n" + state));
        if (view == main) {
            cursor = e;
            if (steps != null && !Integer.valueOf(e).equals(steps.getSelectionModel().getSelectedItem())) {
                steps.getSelectionModel().select(e);
                steps.scrollTo(Math.max(0, e - 3));
            }
        }
    }

    private void clearSelection() {
        for (TimelineView v : new TimelineView[] {main, other}) {
            if (v != null) {
                v.setState(v.state().withSelection(-1));
            }
        }
    }

    /** Moves the step cursor to event {@code e}, selecting it and keeping it in view. */
    public void moveCursor(int e) {
        int n = main.model().events().size();
        if (n == 0) {
            return;
        }
        int target = Math.max(0, Math.min(n - 1, e));
        select(main, target);
        Viewport v = main.state().viewport();
        double t = main.model().events().time(target);
        if (t < v.t0() || t >= v.t1()) {
            main.viewport(v.centre(t));
        }
    }

    public void step(int delta) {
        moveCursor(cursor < 0 ? 0 : cursor + delta);
    }

    /** Diff view: A above B (one time axis, the default) or A beside B. */
    public void toggleDiffLayout() {
        if (split != null) {
            split.setOrientation(split.getOrientation() == Orientation.VERTICAL ? Orientation.HORIZONTAL
                    : Orientation.VERTICAL);
            diff.setText(TraceData.diffLabel(main.model().trace().header(), other.model().trace().header(),
                    split.getOrientation() == Orientation.VERTICAL) + ": " + diffSummary);
        }
    }

    public boolean diffSideBySide() {
        return split != null && split.getOrientation() == Orientation.HORIZONTAL;
    }

    /** Moves the cursor to the next ({@code dir} 1) or previous (-1) event of the selected IO. */
    public void followChain(int dir) {
        int io = main.state().selectedIo();
        if (io < 0 || cursor < 0) {
            return;
        }
        int[] chain = main.model().chainOf(io);
        int best = -1;
        for (int e : chain) {
            if (dir > 0 && e > cursor) {
                best = e;
                break;
            }
            if (dir < 0 && e < cursor) {
                best = e;
            }
        }
        if (best >= 0) {
            moveCursor(best);
        }
    }

    public void jumpToViolation() {
        Counterexample cx = main.model().counterexample();
        if (cx != null && cx.violatingEvent() >= 0) {
            moveCursor(cx.violatingEvent());
        }
    }

    /** Applies the filter text; a bad term shows its message in the status line. */
    public void applyFilter(String text) {
        Filter f;
        try {
            f = Filter.parse(text);
        } catch (VizException e) {
            status.setText(e.getMessage());
            return;
        }
        for (TimelineView v : new TimelineView[] {main, other}) {
            if (v == null) {
                continue;
            }
            if (f.isEmpty()) {
                v.setState(v.state().withFilter(null, null).withFirstRow(0));
            } else {
                BitSet ev = f.matches(v.model());
                v.setState(v.state().withFilter(ev, Filter.ios(v.model(), ev)).withFirstRow(0));
            }
        }
        BitSet shown = main.state().filterEvents();
        status.setText(f.isEmpty() ? "no filter" : "filter " + f + ": " + shown.cardinality() + " events, "
                + Filter.ios(main.model(), shown).cardinality() + " IOs");
    }

    public String status() {
        return status.getText();
    }

    public String details() {
        return details.getText();
    }

    private void key(KeyEvent e) {
        if (e.isControlDown() && e.getCode() == KeyCode.F) {
            filter.requestFocus();
            e.consume();
            return;
        }
        if (e.isControlDown() && e.getCode() == KeyCode.S) {
            search.requestFocus();
            e.consume();
            return;
        }
        if (filter.isFocused() || search.isFocused()) {
            if (e.getCode() == KeyCode.ESCAPE) {
                main.requestFocus();
                e.consume();
            }
            return;
        }
        if (handleKey(e.getCode(), e.getText())) {
            e.consume();
        }
    }

    /** The keyboard map (public for tests); returns whether the key was used. */
    public boolean handleKey(KeyCode code, String text) {
        switch (code) {
            case W, PLUS, ADD, EQUALS -> main.zoom(1.5, Double.NaN);
            case S, MINUS, SUBTRACT -> main.zoom(1 / 1.5, Double.NaN);
            case A, LEFT -> main.pan(-80);
            case D, RIGHT -> main.pan(80);
            case DIGIT0, NUMPAD0, F -> main.fit();
            case PERIOD -> followChain(1);
            case COMMA -> followChain(-1);
            case N -> step(1);
            case P -> step(-1);
            case V -> jumpToViolation();
            case HOME -> moveCursor(0);
            case END -> moveCursor(main.model().events().size() - 1);
            case DOWN -> step(1);
            case UP -> step(-1);
            case PAGE_UP -> main.scrollRows(-1);
            case PAGE_DOWN -> main.scrollRows(1);
            case ESCAPE -> clearSelection();
            case O -> toggleDiffLayout();
            case SLASH -> toggleHelp();
            default -> {
                if ("?".equals(text)) {
                    toggleHelp();
                    return true;
                }
                return false;
            }
        }
        return true;
    }
}
