package dev.ublklab.real.ublk;

import static dev.ublklab.real.sys.Uapi.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;

/** ublk_cmd.h struct ublksrv_ctrl_dev_info, as negotiated by ADD_DEV or reported by GET_DEV_INFO. */
public record DevInfo(int nrHwQueues, int queueDepth, int state, int maxIoBufBytes, int devId, int ublksrvPid,
                      long flags) {
    static DevInfo read(MemorySegment s) {
        return new DevInfo(Short.toUnsignedInt(s.get(JAVA_SHORT, INFO_NR_HW_QUEUES)),
            Short.toUnsignedInt(s.get(JAVA_SHORT, INFO_QUEUE_DEPTH)), Short.toUnsignedInt(s.get(JAVA_SHORT, INFO_STATE)),
            s.get(JAVA_INT, INFO_MAX_IO_BUF_BYTES), s.get(JAVA_INT, INFO_DEV_ID), s.get(JAVA_INT, INFO_UBLKSRV_PID),
            s.get(JAVA_LONG, INFO_FLAGS));
    }

    void write(MemorySegment s) {
        s.set(JAVA_SHORT, INFO_NR_HW_QUEUES, (short) nrHwQueues);
        s.set(JAVA_SHORT, INFO_QUEUE_DEPTH, (short) queueDepth);
        s.set(JAVA_INT, INFO_MAX_IO_BUF_BYTES, maxIoBufBytes);
        s.set(JAVA_INT, INFO_DEV_ID, devId);
        s.set(JAVA_INT, INFO_UBLKSRV_PID, ublksrvPid);
        s.set(JAVA_LONG, INFO_FLAGS, flags);
    }

    public String stateName() {
        return switch (state) {
            case UBLK_S_DEV_DEAD -> "DEAD";
            case UBLK_S_DEV_LIVE -> "LIVE";
            case UBLK_S_DEV_QUIESCED -> "QUIESCED";
            case UBLK_S_DEV_FAIL_IO -> "FAIL_IO";
            default -> "state " + state;
        };
    }
}
