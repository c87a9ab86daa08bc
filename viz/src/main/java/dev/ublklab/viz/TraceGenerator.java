package dev.ublklab.viz;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a synthetic but well-formed copy-variant trace of about {@code events} events, for the
 * benchmark and the large-trace test. Deterministic: IOs run in waves of queues x depth, each wave
 * interleaving the same step of every IO; there is no randomness.
 */
public final class TraceGenerator {
    /** Events per IO: submit .. releasePages. */
    public static final int EVENTS_PER_IO = 10;

    private TraceGenerator() {}

    public static void write(Path out, int events, int queues, int depth) throws IOException {
        int ios = Math.max(1, events / EVENTS_PER_IO);
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            StringBuilder b = new StringBuilder(64 * ios + 256);
            b.append("{\"trace\":\"ublk-lab\",\"version\":1,\"src\":\"sim\",\"scenario\":\"generated-")
             .append(ios).append("\",\"variant\":\"copy\",\"seed\":1,\"queues\":").append(queues)
             .append(",\"depth\":").append(depth).append(",\"ios\":[");
            for (int i = 0; i < ios; i++) {
                b.append(i == 0 ? "" : ",").append("{\"id\":\"").append(id(i)).append("\",\"op\":\"")
                 .append(i % 2 == 0 ? "READ" : "WRITE").append("\",\"queue\":").append(i % queues)
                 .append(",\"sector\":").append(8L * i).append(",\"bytes\":4096}");
            }
            w.write(b.append("]}\n").toString());
            long seq = 0;
            int wave = queues * depth;
            for (int first = 0; first < ios; first += wave) {
                int last = Math.min(ios, first + wave);
                for (int k = 0; k < EVENTS_PER_IO; k++) {
                    for (int i = first; i < last; i++) {
                        seq++;
                        w.write(line(seq, k, i, queues, (i - first) / queues));
                    }
                }
            }
            w.write("{\"end\":{\"verdict\":\"passed\",\"step\":" + seq + ",\"schedule\":[]}}\n");
        }
    }

    static String id(int i) {
        return (i % 2 == 0 ? "r" : "w") + i;
    }

    private static String line(long seq, int k, int io, int queues, int tag) {
        String q = "\"queue\":" + (io % queues) + ",\"tag\":" + tag;
        String d = "\"io\":\"" + id(io) + "\"";
        String backend = io % 2 == 0 ? "BACKEND_READ" : "BACKEND_WRITE";
        String ev = switch (k) {
            case 0 -> "\"type\":\"submit\"," + d;
            case 1 -> "\"type\":\"allocTag\"," + d + "," + q + ",\"generation\":" + seq;
            case 2 -> "\"type\":\"queueRq\"," + q + "," + d;
            case 3 -> "\"type\":\"taskWork\"," + q + "," + d + ",\"res\":\"UBLK_IO_RES_OK\"";
            case 4 -> "\"type\":\"fetch\"," + q + "," + d + ",\"op\":\"" + (io % 2 == 0 ? "READ" : "WRITE")
                    + "\",\"sector\":" + (8L * io) + ",\"bytes\":4096";
            case 5 -> "\"type\":\"issue\"," + q + "," + d + ",\"sqe\":\"" + backend + "\",\"len\":4096,\"fileOff\":"
                    + (4096L * io);
            case 6 -> "\"type\":\"execute\",\"queue\":" + (io % queues) + ",\"index\":0,\"tag\":" + tag
                    + ",\"sqe\":\"" + backend + "\",\"res\":4096";
            case 7 -> "\"type\":\"cqe\",\"queue\":" + (io % queues) + ",\"index\":0,\"tag\":" + tag
                    + ",\"sqe\":\"" + backend + "\",\"res\":4096";
            case 8 -> "\"type\":\"issue\"," + q + "," + d + ",\"sqe\":\"COMMIT_AND_FETCH_REQ\",\"result\":4096,"
                    + "\"completed\":\"" + id(io) + "\",\"ioResult\":4096";
            default -> "\"type\":\"releasePages\"," + d;
        };
        return "{\"seq\":" + seq + ",\"t\":" + seq + ",\"src\":\"sim\",\"event\":{" + ev + "}}\n";
    }
}
