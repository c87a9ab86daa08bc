package dev.ublklab.model;

/**
 * config.recovery for the lifecycle versions: UBLK_F_USER_RECOVERY and its _REISSUE / _FAIL_IO
 * flags, and the predicates of 6.14 L693-735 / 6.16 L767-809.
 */
public enum LcRecovery {
    OFF("off"), RECOVERY("recovery"), REISSUE("reissue"), FAIL_IO("failIo");

    private final String id;

    LcRecovery(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** ublk_nosrv_should_reissue_outstanding: RECOVERY && RECOVERY_REISSUE. */
    boolean reissue() {
        return this == REISSUE;
    }

    /** ublk_nosrv_dev_should_queue_io: RECOVERY && !RECOVERY_FAIL_IO. */
    boolean queueIo() {
        return this == RECOVERY || this == REISSUE;
    }

    /** ublk_nosrv_should_stop_dev: !RECOVERY. */
    boolean stopDev() {
        return this == OFF;
    }

    public static LcRecovery parse(String s) {
        for (LcRecovery r : values()) {
            if (r.id.equals(s)) {
                return r;
            }
        }
        return null;
    }
}
