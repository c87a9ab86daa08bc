package dev.ublklab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * What a correct position codec must satisfy, for the RFC's ublk_pos (seed, ublk_cmd.h hunk) and
 * mainline's user-copy layout (ublk-protocol.md §5): a round trip within the field widths, fields
 * that do not bleed into each other, a tag re-encoding that touches only the tag. The last
 * properties show where the layouts let an over-wide field carry into its neighbour.
 */
class PositionCodecPropertiesTest {

    @Property
    void rfcRoundTripsWithinFieldWidths(@ForAll @IntRange(min = 0, max = 0xffff) int q,
                                        @ForAll @IntRange(min = 0, max = 4095) int tag,
                                        @ForAll @LongRange(min = 0, max = (1L << 30) - 1) long off) {
        long pos = RfcPos.encode(q, tag, off);
        assertEquals(q, RfcPos.queue(pos));
        assertEquals(tag, RfcPos.tag(pos));
        assertEquals(off, RfcPos.offset(pos));
    }

    @Property
    void rfcOffsetsWithinTheFieldNeverMoveTheTag(@ForAll @IntRange(min = 0, max = 4095) int tag,
                                                 @ForAll @LongRange(min = 0, max = (1L << 30) - 1) long a,
                                                 @ForAll @LongRange(min = 0, max = (1L << 30) - 1) long b) {
        assertEquals(RfcPos.tag(RfcPos.encode(0, tag, a)), RfcPos.tag(RfcPos.encode(0, tag, b)));
    }

    @Property
    void rfcWithTagChangesOnlyTheTag(@ForAll @IntRange(min = 0, max = 0xffff) int q,
                                     @ForAll @IntRange(min = 0, max = 4095) int tag,
                                     @ForAll @IntRange(min = 0, max = 4095) int other,
                                     @ForAll @LongRange(min = 0, max = (1L << 30) - 1) long off) {
        long pos = RfcPos.withTag(RfcPos.encode(q, tag, off), other);
        assertEquals(RfcPos.encode(q, other, off), pos);
    }

    /**
     * Finding (codec): ublk_pos() adds a __u32 offset to the shifted tag, so an offset of
     * UBLK_BUF_MAX_SIZE (1 GiB) or more names the next tag(s). The RFC bounds neither
     * max_io_buf_bytes nor the server's offset to 1 GiB; the splice loop's *ppos += done only gets
     * there for requests of 1 GiB or more, which the model's maxIoBytes keeps out of reach.
     */
    @Property
    void rfcOffsetsOfOneGiBOrMoreCarryIntoTheTag(@ForAll @IntRange(min = 0, max = 4000) int tag,
                                                 @ForAll @LongRange(min = 1L << 30, max = 0xffffffffL) long off) {
        long pos = RfcPos.encode(0, tag, off);
        assertEquals(tag + (off >>> 30), RfcPos.tag(pos));
        assertEquals(off & (RfcPos.BUF_MAX_SIZE - 1), RfcPos.offset(pos));
    }

    /** A __u16 tag of 4096 or more is OR-ed into the queue field. */
    @Property
    void rfcTagsPastTwelveBitsCarryIntoTheQueue(@ForAll @IntRange(min = 0, max = 100) int q,
                                                @ForAll @IntRange(min = 4096, max = 0xffff) int tag) {
        long pos = RfcPos.encode(q, tag, 0);
        assertEquals(q | (tag >>> 12), RfcPos.queue(pos));
        assertEquals(tag & 4095, RfcPos.tag(pos));
    }

    @Property
    void userCopyRoundTripsWithinFieldWidths(@ForAll @IntRange(min = 0, max = 4095) int q,
                                             @ForAll @IntRange(min = 0, max = 0xffff) int tag,
                                             @ForAll @LongRange(min = 0, max = (1L << 25) - 1) long off) {
        long pos = UserCopyPos.encode(q, tag, off);
        assertEquals(q, UserCopyPos.queue(pos));
        assertEquals(tag, UserCopyPos.tag(pos));
        assertEquals(off, UserCopyPos.offset(pos));
    }

    @Property
    void userCopyWithTagChangesOnlyTheTag(@ForAll @IntRange(min = 0, max = 4095) int q,
                                          @ForAll @IntRange(min = 0, max = 0xffff) int tag,
                                          @ForAll @IntRange(min = 0, max = 0xffff) int other,
                                          @ForAll @LongRange(min = 0, max = (1L << 25) - 1) long off) {
        assertEquals(UserCopyPos.encode(q, other, off), UserCopyPos.withTag(UserCopyPos.encode(q, tag, off), other));
    }

    /**
     * Mainline's decoders mask every field, but a server that ORs an offset of 32 MiB or more
     * (UBLK_IO_BUF_BITS = 25) into the position sets tag bits: the kernel then copies at another
     * tag. Whether max_io_buf_bytes above 32 MiB is refused is item 2 of ublk-protocol.md §7.
     */
    @Property
    void userCopyOffsetsPastTwentyFiveBitsLandOnAnotherTag(@ForAll @IntRange(min = 0, max = 100) int tag,
                                                           @ForAll @LongRange(min = 1L << 25, max = (1L << 30) - 1) long off) {
        long pos = UserCopyPos.encode(0, tag, off);
        assertEquals(tag | (off >>> 25), UserCopyPos.tag(pos));
        assertEquals(off & ((1L << 25) - 1), UserCopyPos.offset(pos));
    }
}
