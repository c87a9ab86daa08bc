package dev.ublklab.viz;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.util.ArrayList;
import java.util.List;

/**
 * Why a real window cannot open: JavaFX only says "Unable to load glass GTK library". The shared
 * libraries that libglassgtk3.so links (ldd on the javafx-graphics 25.0.2 linux natives) are looked
 * up with dlopen, so the message can name the one that is missing and the Debian package that has it.
 */
final class NativeLibs {
    /** soname and Debian package, in the order glass loads them. */
    private static final String[][] GLASS = {
        {"libgtk-3.so.0", "libgtk-3-0"},
        {"libgdk-3.so.0", "libgtk-3-0"},
        {"libXtst.so.6", "libxtst6"},
    };

    private NativeLibs() {}

    /** The glass libraries dlopen cannot find, as "libX.so.N (Debian package p)"; empty when all load. */
    static List<String> missingForGlass() {
        List<String> out = new ArrayList<>();
        for (String[] lib : GLASS) {
            try (Arena arena = Arena.ofConfined()) {
                SymbolLookup.libraryLookup(lib[0], arena);
            } catch (IllegalArgumentException | IllegalCallerException e) {
                out.add(lib[0] + " (Debian package " + lib[1] + ")");
            }
        }
        return out;
    }

    /** One line saying why the window did not open, from JavaFX's own reason. */
    static String whyNoWindow(String javafxReason) {
        List<String> missing = missingForGlass();
        if (!missing.isEmpty()) {
            return "cannot open the viewer window: missing " + String.join(", ", missing)
                    + "; install it (packages.txt lists what the viewer needs), or use 'ublk-lab render' with no display";
        }
        String display = System.getenv("DISPLAY");
        if (display == null || display.isBlank()) {
            return "cannot open the viewer window: DISPLAY is not set (" + javafxReason
                    + "); 'ublk-lab render' works without one";
        }
        return "cannot open the viewer window on DISPLAY=" + display + " (" + javafxReason
                + "); 'ublk-lab render' works without one";
    }
}
