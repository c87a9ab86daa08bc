package dev.ublklab.sim;

/**
 * SplitMix64 (Steele, Lea, Flood 2014): the project's only source of randomness, seeded once.
 * Bounded draws use Lemire's multiply-shift with rejection, so they are unbiased and identical on
 * every JVM. Probabilities are ratios of integers, never floats.
 */
public final class Prng {
    private long state;

    public Prng(long seed) {
        this.state = seed;
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** True with probability {@code num/den}. */
    public boolean chance(int num, int den) {
        return nextInt(den) < num;
    }

    /** A generator for an independent stream (e.g. one per swarm seed). */
    public Prng split() {
        return new Prng(nextLong());
    }
}
