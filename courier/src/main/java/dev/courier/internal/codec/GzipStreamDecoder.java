package dev.courier.internal.codec;

import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.Inflater;

/**
 * The gzip decoder (RFC 1952): parses each member's header, inflates its raw deflate data, and checks
 * the trailer's CRC-32 and length.
 *
 * <p>Several members in a row are decoded one after another (RFC 1952 §2.2; {@code gzip -d} and
 * urllib3 do the same). Bytes after a member that do not start another member are ignored, as
 * browsers and urllib3 ignore such trailing garbage. A body that stops inside a member is truncated.
 */
final class GzipStreamDecoder extends StreamDecoder {
    private static final int FIXED_HEADER = 10;
    private static final int TRAILER = 8;
    private static final int FHCRC = 0x02;
    private static final int FEXTRA = 0x04;
    private static final int FNAME = 0x08;
    private static final int FCOMMENT = 0x10;
    private static final int RESERVED_FLAGS = 0xE0;

    private enum State { HEADER, EXTRA_LENGTH, EXTRA, NAME, COMMENT, HEADER_CRC, DATA, TRAILER, NEXT_MEMBER, TRAILING_DATA }

    private final Inflater inflater = new Inflater(true);
    private final CRC32 dataCrc = new CRC32();
    private final CRC32 headerCrc = new CRC32();
    /** Collects a fixed-size field (header, XLEN, header CRC, trailer) that may arrive split across chunks. */
    private final byte[] field = new byte[FIXED_HEADER];
    private int fieldLength;
    private int flags;
    private int extraRemaining;
    private State state = State.HEADER;

    GzipStreamDecoder(ByteBufAllocator alloc) {
        super(ContentCoding.GZIP, alloc, false);
    }

    @Override
    void decode(ByteBuffer in, Output out) {
        // Each pass consumes at least one byte or moves to a later state, so the loop ends.
        while (in.hasRemaining()) {
            switch (state) {
                case HEADER:
                    if (fill(in, FIXED_HEADER)) {
                        readFixedHeader();
                    }
                    break;
                case EXTRA_LENGTH:
                    if (fill(in, 2)) {
                        headerCrc.update(field, 0, 2);
                        extraRemaining = le16(0);
                        fieldLength = 0;
                        state = State.EXTRA;
                    }
                    break;
                case EXTRA:
                    int skip = Math.min(extraRemaining, in.remaining());
                    updateHeaderCrc(in, skip);
                    extraRemaining -= skip;
                    if (extraRemaining == 0) {
                        state = afterExtra();
                    }
                    break;
                case NAME:
                case COMMENT:
                    if (skipZeroTerminated(in)) {
                        state = state == State.NAME ? afterName() : afterComment();
                    }
                    break;
                case HEADER_CRC:
                    if (fill(in, 2)) {
                        if (le16(0) != (int) (headerCrc.getValue() & 0xFFFF)) {
                            throw corrupt("header checksum mismatch");
                        }
                        fieldLength = 0;
                        state = State.DATA;
                    }
                    break;
                case DATA:
                    if (inflate(inflater, in, dataCrc, out)) {
                        state = State.TRAILER;
                    }
                    break;
                case TRAILER:
                    if (fill(in, TRAILER)) {
                        readTrailer();
                    }
                    break;
                case NEXT_MEMBER:
                    if (fill(in, 2)) {
                        // Another member only if it starts with the magic; anything else is trailing garbage.
                        state = (field[0] & 0xFF) == 0x1F && (field[1] & 0xFF) == 0x8B ? State.HEADER : State.TRAILING_DATA;
                    }
                    break;
                default: // TRAILING_DATA
                    in.position(in.limit());
                    break;
            }
        }
    }

    @Override
    boolean isFinished() {
        return state == State.NEXT_MEMBER || state == State.TRAILING_DATA;
    }

    @Override
    void freeEngine() {
        inflater.end();
    }

    /** Copies bytes into {@link #field} until it holds {@code size}; true once it does. */
    private boolean fill(ByteBuffer in, int size) {
        int n = Math.min(size - fieldLength, in.remaining());
        in.get(field, fieldLength, n);
        fieldLength += n;
        return fieldLength == size;
    }

    private int le16(int at) {
        return (field[at] & 0xFF) | (field[at + 1] & 0xFF) << 8;
    }

    private int le32(int at) {
        return le16(at) | le16(at + 2) << 16;
    }

    private void readFixedHeader() {
        if ((field[0] & 0xFF) != 0x1F || (field[1] & 0xFF) != 0x8B) {
            throw corrupt("not in gzip format");
        }
        if (field[2] != 8) {
            throw corrupt("unsupported compression method " + (field[2] & 0xFF));
        }
        flags = field[3] & 0xFF;
        if ((flags & RESERVED_FLAGS) != 0) {
            throw corrupt("reserved header flags set");
        }
        headerCrc.reset();
        headerCrc.update(field, 0, FIXED_HEADER);
        fieldLength = 0;
        state = (flags & FEXTRA) != 0 ? State.EXTRA_LENGTH : afterExtra();
    }

    private State afterExtra() {
        return (flags & FNAME) != 0 ? State.NAME : afterName();
    }

    private State afterName() {
        return (flags & FCOMMENT) != 0 ? State.COMMENT : afterComment();
    }

    private State afterComment() {
        return (flags & FHCRC) != 0 ? State.HEADER_CRC : State.DATA;
    }

    private void updateHeaderCrc(ByteBuffer in, int length) {
        ByteBuffer part = in.slice();
        part.limit(length);
        headerCrc.update(part);
        in.position(in.position() + length);
    }

    /** Skips a zero-terminated header string (file name or comment); true once its terminator is consumed. */
    private boolean skipZeroTerminated(ByteBuffer in) {
        int start = in.position();
        int end = start;
        while (end < in.limit() && in.get(end) != 0) {
            end++;
        }
        boolean terminated = end < in.limit();
        updateHeaderCrc(in, end - start + (terminated ? 1 : 0));
        return terminated;
    }

    private void readTrailer() {
        if (le32(0) != (int) dataCrc.getValue()) {
            throw corrupt("CRC mismatch");
        }
        if (le32(4) != (int) inflater.getBytesWritten()) {
            throw corrupt("length mismatch");
        }
        inflater.reset();
        dataCrc.reset();
        fieldLength = 0;
        state = State.NEXT_MEMBER;
    }
}
