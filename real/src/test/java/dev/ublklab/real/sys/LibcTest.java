package dev.ublklab.real.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibcTest {
    @Test
    void missingPathIsEnoentAndIsNotCreated(@TempDir Path dir) {
        Path missing = dir.resolve("ublk-control");
        ErrnoException e = assertThrows(ErrnoException.class, () -> Libc.openExisting(missing));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("ENOENT"), e.getMessage());
        assertTrue(e.getMessage().startsWith("open " + missing), e.getMessage());
        assertFalse(Files.exists(missing), "open must never create a missing node");
    }

    @Test
    void createFlagIsRefused(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> Libc.openExisting(dir.resolve("x"), Uapi.O_CREAT));
    }

    @Test
    void errnoNames() {
        assertEquals("ENODEV", Errno.name(-19));
        assertEquals("EBADF", Errno.name(9));
        assertEquals("errno 77", Errno.name(77));
        assertTrue(Errno.describe(2).contains("No such file"), Errno.describe(2));
    }

    @Test
    void ioctlNumbersMatchTheirEncoding() {
        // _IOR('u', nr, struct ublksrv_ctrl_cmd) / _IOWR(...): sizes 32 (ctrl) and 16 (io)
        int r = Uapi.IOC_READ, rw = Uapi.IOC_READ | Uapi.IOC_WRITE;
        assertEquals(Uapi.ioc(r, 0x02, 32), Uapi.UBLK_U_CMD_GET_DEV_INFO);
        assertEquals(Uapi.ioc(rw, 0x04, 32), Uapi.UBLK_U_CMD_ADD_DEV);
        assertEquals(Uapi.ioc(rw, 0x05, 32), Uapi.UBLK_U_CMD_DEL_DEV);
        assertEquals(Uapi.ioc(rw, 0x06, 32), Uapi.UBLK_U_CMD_START_DEV);
        assertEquals(Uapi.ioc(rw, 0x07, 32), Uapi.UBLK_U_CMD_STOP_DEV);
        assertEquals(Uapi.ioc(rw, 0x08, 32), Uapi.UBLK_U_CMD_SET_PARAMS);
        assertEquals(Uapi.ioc(r, 0x13, 32), Uapi.UBLK_U_CMD_GET_FEATURES);
        assertEquals(Uapi.ioc(rw, 0x20, 16), Uapi.UBLK_U_IO_FETCH_REQ);
        assertEquals(Uapi.ioc(rw, 0x21, 16), Uapi.UBLK_U_IO_COMMIT_AND_FETCH_REQ);
        assertEquals(Uapi.ioc(rw, 0x23, 16), Uapi.UBLK_U_IO_REGISTER_IO_BUF);
        assertEquals(Uapi.ioc(rw, 0x24, 16), Uapi.UBLK_U_IO_UNREGISTER_IO_BUF);
    }

    @Test
    void userCopyOffsetAddsTheBase() {
        assertEquals(0x80000000L, Uapi.userCopyOffset(0, 0, 0));
        // tag 64 sets bit 31, which lies inside the tag field: the base is added, not OR-ed
        assertEquals(0x80000000L + (64L << 25) + (1L << 41) + 512, Uapi.userCopyOffset(1, 64, 512));
    }
}
