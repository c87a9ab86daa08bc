package dev.ublklab.sim.check;

import dev.ublklab.model.Model;
import dev.ublklab.model.World;

/**
 * The canonical World: the representative of a state's class, decoded from the one canonical form
 * ({@link CanonicalForm}) that {@link Fingerprints} hashes, so both come from the same vector. The
 * checker itself never needs it (it fingerprints and expands concrete states); it exists for
 * tests, for the viewer and for anyone who wants to see the representative of a class. Its request
 * slots' generations are 0 and every generation that refers to a tag is relative to it (see
 * CanonicalForm).
 */
public final class Canonicalizer {
    private final CanonicalForm form;
    private final Fingerprints fp;

    public Canonicalizer(Model model, boolean reduce) {
        this.form = new CanonicalForm(model, reduce);
        this.fp = new Fingerprints(form);
    }

    public Fingerprints fingerprints() {
        return fp;
    }

    /** The packed vector of {@code w}'s canonical form ({@link StateCodec}'s layout). */
    public int[] form(World w) {
        StateCodec.Ints out = new StateCodec.Ints(512);
        form.write(w, out);
        return out.toArray();
    }

    /** The representative of {@code w}'s class: tags renamed by rank, operations sorted, dead hint zeroed, generations relative. */
    public World canonical(World w) {
        return StateCodec.world().decode(form(w));
    }
}
