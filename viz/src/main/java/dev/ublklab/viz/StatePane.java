package dev.ublklab.viz;

import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The model state at the cursor as a collapsible tree, changed rows in red and expanded, the rest
 * collapsed (the TLA+ Toolbox's trace explorer); and, when the trace replays through the model,
 * the events enabled after the cursor's step, one of which can be taken as a branch and saved.
 */
final class StatePane {
    private final StateAt states;
    private final TreeView<StateNode> tree = new TreeView<>();
    private final ListView<String> enabled = new ListView<>();
    private final Label note = new Label();
    private final Label stateNote = new Label();
    private final VBox stateBox = new VBox(4);
    private final VBox exploreBox = new VBox(4);
    private int cursor = -1;
    private ModelReplay.Branch last;
    private final Consumer<ModelReplay.Branch> onBranch;

    StatePane(StateAt states, Consumer<ModelReplay.Branch> onBranch) {
        this.states = states;
        this.onBranch = onBranch;
        tree.setId("state");
        tree.setShowRoot(false);
        tree.setCellFactory(v -> new TreeCell<>() {
            @Override
            protected void updateItem(StateNode n, boolean empty) {
                super.updateItem(n, empty);
                setText(empty || n == null ? null : n.label());
                setStyle(!empty && n != null && n.changed() ? "-fx-text-fill: #d50000; -fx-font-weight: bold;" : "");
            }
        });
        stateNote.setId("stateNote");
        stateNote.setWrapText(true);
        stateNote.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        note.setId("exploreNote");
        String title = states instanceof ModelReplay r && r.against() != null
                ? "Model state after the step (changed in red), from the real trace's observations; " + r.against()
                : "Model state after the step (changed in red)";
        Label head = new Label(title);
        head.setWrapText(true);
        head.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        stateBox.getChildren().addAll(head, stateNote, tree);
        VBox.setVgrow(tree, Priority.ALWAYS);
        enabled.setId("enabled");
        note.setWrapText(true);
        Button branch = new Button("Branch");
        branch.setId("branch");
        branch.setOnAction(e -> branch(enabled.getSelectionModel().getSelectedIndex()));
        Button save = new Button("Save branch...");
        save.setId("save");
        save.setOnAction(e -> saveWithChooser());
        exploreBox.setPadding(new Insets(2));
        exploreBox.getChildren().addAll(new Label("Enabled after this step (DSLabs-style: take one)"), enabled,
                new HBox(6, branch, save), note);
        VBox.setVgrow(enabled, Priority.ALWAYS);
    }

    VBox stateNode() { return stateBox; }
    VBox exploreNode() { return exploreBox; }
    TreeView<StateNode> tree() { return tree; }
    ListView<String> enabledList() { return enabled; }
    ModelReplay.Branch lastBranch() { return last; }

    /** Shows the state after event {@code e} (-1: none chosen yet) and what is enabled then; where there is none, says why. */
    void update(int e) {
        cursor = e;
        StateNode n = states.tree(e);
        tree.setRoot(n == null ? null : item(n));
        ModelReplay r = states instanceof ModelReplay m ? m : null;
        boolean none = r == null || r.scenario() == null || r.replayed() == 0 && r.unexplained() != null;
        if (e < 0) {
            stateNote.setText(none ? why() : "click an event or press n: the model state after it");
        } else {
            stateNote.setText(n == null ? why() : r != null && r.noteAt(e) != null ? r.noteAt(e) : "");
        }
        if (r != null && r.scenario() != null && e < r.replayed()) {
            enabled.setItems(FXCollections.observableArrayList(r.enabledAfter(e)));
            note.setText(enabled.getItems().isEmpty() ? "nothing is enabled: the run ends here"
                    : e < 0 ? "enabled in the initial state" : "");
        } else {
            enabled.setItems(FXCollections.observableArrayList());
            note.setText(why());
        }
    }

    /** Why there is no model state here. */
    private String why() {
        if (states instanceof ModelReplay r) {
            return r.unexplained() != null ? "no model state for this step: " + r.unexplained() : "no model state for this step";
        }
        return "no model replay for this trace (its scenario file was not found)";
    }

    /** The State tab's line (tests). */
    String stateNote() { return stateNote.getText(); }

    /** The Explore tab's line (tests). */
    String exploreNote() { return note.getText(); }

    private static TreeItem<StateNode> item(StateNode n) {
        TreeItem<StateNode> it = new TreeItem<>(n);
        for (StateNode c : n.children()) {
            it.getChildren().add(item(c));
        }
        it.setExpanded(n.changed());
        return it;
    }

    /** Takes the {@code choice}-th enabled event after the cursor's step; the branch opens beside the original. */
    ModelReplay.Branch branch(int choice) {
        if (!(states instanceof ModelReplay r) || r.scenario() == null || cursor >= r.replayed()) {
            note.setText(why());
            return null;
        }
        if (choice < 0) {
            note.setText("select an enabled event first");
            return null;
        }
        last = r.branch(cursor, choice);
        note.setText("branch at step " + (last.at() + 1) + ": " + last.model().events().size() + " events, "
                + (last.model().trace().end() == null ? "" : last.model().trace().end().verdict()));
        onBranch.accept(last);
        return last;
    }

    void save(Path out) {
        if (last == null) {
            note.setText("take a branch first");
            return;
        }
        ModelReplay.save(last, out);
        note.setText("saved " + out + " (replay: ublk-lab run " + out + ")");
    }

    private void saveWithChooser() {
        FileChooser fc = new FileChooser();
        fc.setInitialFileName(last == null ? "branch.json" : last.scenario().name() + ".json");
        java.io.File f = fc.showSaveDialog(tree.getScene() == null ? null : tree.getScene().getWindow());
        if (f != null) {
            try {
                save(f.toPath());
            } catch (VizException e) {
                note.setText(e.getMessage());
            }
        }
    }
}
