package dev.ublklab.real.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.Action;
import dev.ublklab.model.Model;
import dev.ublklab.model.ServerSpec;
import dev.ublklab.model.Setup;
import dev.ublklab.sim.Conformance;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fidelity campaign's 7.3 recording w00 (zero copy, scenario 3 of seed 20261204): io1's plan
 * [waitFor io0, transfer, commit] ran as the real server runs it, transfer first and only the commit
 * deferred, so io1's REGISTER_IO_BUF came before io0 ended. Judged with the plans as served
 * ({@link RealPlan#asServed}) it conforms; with the plan as written it does not.
 */
class ServedOrderTraceTest {
    private static final String W00 = "w00-zero-copy-transfer-before-waitfor";

    @Test
    void theRealServerTransfersBeforeItWaits() throws Exception {
        Bundled.Saved saved = Bundled.recording("7.3", W00, "zero-copy");
        GuestKernel k = GuestKernel.choose("7.3.4+deb13-amd64", null);
        Setup judged = k.judgeSetup(saved.plan().setup());
        assertEquals(List.of(new Action.Transfer(null), new Action.WaitFor("io0"), new Action.Commit(null)),
            ((ServerSpec.Script) judged.server()).plans().get(1));
        Conformance.Match c = Conformance.check(new Model(judged), saved.trace().observations(), 2_000_000);
        assertTrue(c.conforms(), c.reason());
        Setup written = judged.withServer(saved.plan().setup().server());
        Conformance.Match asWritten = Conformance.check(new Model(written), saved.trace().observations(), 2_000_000);
        assertFalse(asWritten.conforms(), "the plan as written waits before it transfers");
        assertTrue(asWritten.reason().contains("REGISTER_IO_BUF"), asWritten.reason());
    }

    @Test
    void aCrashPlanCrashesAtTheFetchAndOtherPlansKeepTheirActions() {
        Setup s = Bundled.load("copy/crash-during-io").setup();
        Setup served = RealPlan.asServed(s);
        for (List<Action> p : ((ServerSpec.Script) served.server()).plans()) {
            if (p != null && p.stream().anyMatch(a -> a instanceof Action.Crash)) assertEquals(List.of(new Action.Crash()), p);
        }
        Setup plain = Bundled.load("copy/read-basic").setup();
        assertSame(plain, RealPlan.asServed(plain), "no script, nothing to reorder");
        Setup inOrder = Bundled.load("copy/commit-error").setup();
        assertEquals(((ServerSpec.Script) inOrder.server()).plans(), ((ServerSpec.Script) RealPlan.asServed(inOrder).server()).plans());
    }
}
