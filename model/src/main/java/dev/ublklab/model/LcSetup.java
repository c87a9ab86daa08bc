package dev.ublklab.model;

/**
 * The lifecycle knobs of a scenario (docs/scenario-format.md): recovery mode, rings per daemon, setup mode, and the environment's fault budgets.
 *
 * @param rings      io_uring rings per daemon task; a queue's tags go round robin over them
 * @param fetchSetup "fetch": the FETCHes and START_DEV are steps; false: the device starts LIVE
 * @param crash      queues whose daemon task may be killed (once each, per server generation)
 * @param ringClose  how many times a ring's fd may be closed while its task lives
 * @param recover    how many times a new server may run recovery after the old one died
 * @param timeout    how many times the request timeout may fire for a request in flight
 * @param scheduler  the queue has an I/O scheduler (one hardware queue: mq-deadline by default,
 *                   elevator.c:554-564): driver tags are taken at dispatch and freed at requeue
 * @param stop       whether the scenario's control task may issue STOP_DEV once (ublk_ctrl_stop_dev)
 */
public record LcSetup(LcRecovery recovery, int rings, boolean fetchSetup, int fetchers,
                      java.util.List<Integer> crash, int ringClose, int recover, int timeout, boolean scheduler,
                      boolean stop) {
    public LcSetup {
        crash = java.util.List.copyOf(crash);
        if (rings < 1 || rings > 4 || fetchers != 1 || ringClose < 0 || recover < 0 || timeout < 0 || recover > 3) {
            throw new IllegalArgumentException("lifecycle knobs out of range");
        }
    }

    /** The knobs without a STOP_DEV. */
    public LcSetup(LcRecovery recovery, int rings, boolean fetchSetup, int fetchers, java.util.List<Integer> crash,
                   int ringClose, int recover, int timeout, boolean scheduler) {
        this(recovery, rings, fetchSetup, fetchers, crash, ringClose, recover, timeout, scheduler, false);
    }

    /** The knobs of a run that names none: recovery off, one ring, LIVE at the start, the setup's crashes. */
    public static LcSetup defaults(Setup s) {
        return new LcSetup(LcRecovery.OFF, 1, false, 1, s.crashes(), 0, 0, 0, s.config().queues() == 1);
    }
}
