package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A real window: the viewer under Xvfb with JavaFX's GTK glass, as {@code ublk-lab view} opens it
 * (the other UI tests use Monocle). ./run-tests installs xvfb and the GTK libraries (packages.txt)
 * and sets UBLK_LAB_REQUIRE_XVFB=1: there it runs and cannot be skipped. A plain {@code mvn verify}
 * skips it (a second JVM under Xvfb takes 5-20 s on a busy machine); set the variable to run it.
 */
class RealWindowTest {
    private static boolean onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, exe))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theViewerWindowOpensUnderXvfb() throws Exception {
        boolean required = "1".equals(System.getenv("UBLK_LAB_REQUIRE_XVFB"));
        Assumptions.assumeTrue(required, "UBLK_LAB_REQUIRE_XVFB=1 runs it (./run-tests does)");
        assertTrue(onPath("xvfb-run"), "xvfb-run is not installed (packages.txt lists xvfb)");
        Path png = Path.of("target", "real-window.png").toAbsolutePath();
        Files.deleteIfExists(png);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of("xvfb-run", "-a", "-s", "-screen 0 1400x900x24", java,
                "--enable-native-access=ALL-UNNAMED", "-Dprism.order=sw", "-D" + ViewerApp.SNAPSHOT + "=" + png,
                "-cp", System.getProperty("java.class.path"), WindowSmoke.class.getName(),
                Traces.path("splice-violated.jsonl").toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean done = p.waitFor(90, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
        }
        assertTrue(done, "the window closes after its snapshot: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("window shown: 1400x") && out.contains("glass gtk"), out);
        BufferedImage img = ImageIO.read(png.toFile());
        int red = 0;
        for (int x = 0; x < img.getWidth(); x++) {
            red += (img.getRGB(x, Layout.TITLE + 40) & 0xFFFFFF) == 0xFFEBEE ? 1 : 0;
        }
        assertTrue(red > 100, "the violation banner is in the window: " + red);
    }
}
