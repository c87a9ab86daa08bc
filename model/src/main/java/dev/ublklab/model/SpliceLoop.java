package dev.ublklab.model;

/**
 * Where one {@code splice_direct_to_actor} call (fs/splice.c, v6.1) stands on its io-wq worker.
 *
 * @param pos     sd->pos: the /dev/ublkcN position the next producer call starts at (encodes a tag)
 * @param fileOff *sd->opos: the backing file position of the next consumer call
 * @param len     the loop's {@code size_t len}: bytes still wanted, an unsigned 64-bit value
 *                ({@code len -= ret} can wrap)
 * @param bytes   bytes the consumer has taken so far (the call's return value)
 * @param readLen what the last producer call returned (sd->total_len): > 0 means the consumer runs
 *                next, 0 means the producer does
 */
public record SpliceLoop(long pos, long fileOff, long len, long bytes, long readLen) {}
