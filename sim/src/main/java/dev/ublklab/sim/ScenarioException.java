package dev.ublklab.sim;

/** Bad input: names the file, the JSON path and what was expected. The CLI prints it and exits 2. */
public final class ScenarioException extends Exception {
    public ScenarioException(String file, String path, String message) {
        super(file + ": " + path + ": " + message, null, false, false);
    }
}
