package dev.courier.internal.codec;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The immutable rules for decoding response bodies: which content codings are decoded, and the
 * limits that stop decompression bombs (RELIABILITY.md §1.5).
 *
 * <p>Defaults: every coding whose library is available is on; a body may decode to at most
 * 256 MiB; decoded bytes may not exceed 1000 × the compressed bytes received so far plus 1 MiB of
 * slack (the slack lets small, highly compressible bodies through); at most 5 codings may be listed.
 *
 * <pre>{@code
 * DecompressionSettings s = DecompressionSettings.defaults()
 *         .withCoding(ContentCoding.ZSTD, false)
 *         .withMaxDecompressedBytes(32L << 20);
 * s.acceptEncoding(); // "gzip, deflate, br"
 * }</pre>
 */
public final class DecompressionSettings {
    /** The default cap on one body's decoded size: 256 MiB. */
    public static final long DEFAULT_MAX_DECOMPRESSED_BYTES = 256L << 20;
    /** The default cap on the expansion ratio: 1000:1. */
    public static final int DEFAULT_MAX_RATIO = 1000;
    /** The default cap on listed codings: 5, as urllib3 after CVE-2025-66418. */
    public static final int DEFAULT_MAX_CODINGS = 5;
    /** Decoded bytes allowed beyond the ratio, so that tiny bodies of zeros or spaces still decode. */
    public static final long RATIO_SLACK_BYTES = 1L << 20;

    private static final DecompressionSettings DEFAULTS = new DecompressionSettings(
            EnumSet.allOf(ContentCoding.class), DEFAULT_MAX_DECOMPRESSED_BYTES, DEFAULT_MAX_RATIO, DEFAULT_MAX_CODINGS);

    private final Set<ContentCoding> toggledOn;
    private final long maxDecompressedBytes;
    private final int maxRatio;
    private final int maxCodings;

    private DecompressionSettings(Set<ContentCoding> toggledOn, long maxDecompressedBytes, int maxRatio, int maxCodings) {
        if (maxDecompressedBytes < 1) {
            throw new IllegalArgumentException("maxDecompressedBytes must be at least 1: " + maxDecompressedBytes);
        }
        if (maxRatio < 1) {
            throw new IllegalArgumentException("maxRatio must be at least 1: " + maxRatio);
        }
        if (maxCodings < 1) {
            throw new IllegalArgumentException("maxCodings must be at least 1: " + maxCodings);
        }
        this.toggledOn = Collections.unmodifiableSet(toggledOn.isEmpty()
                ? EnumSet.noneOf(ContentCoding.class) : EnumSet.copyOf(toggledOn));
        this.maxDecompressedBytes = maxDecompressedBytes;
        this.maxRatio = maxRatio;
        this.maxCodings = maxCodings;
    }

    /** Every available coding on, 256 MiB, 1000:1, 5 codings. */
    public static DecompressionSettings defaults() {
        return DEFAULTS;
    }

    /**
     * These settings with {@code coding} toggled on or off. Toggling on a coding whose library is
     * missing is allowed but has no effect: {@link #isEnabled} also requires availability.
     */
    public DecompressionSettings withCoding(ContentCoding coding, boolean on) {
        Objects.requireNonNull(coding, "coding");
        EnumSet<ContentCoding> next = toggledOn.isEmpty() ? EnumSet.noneOf(ContentCoding.class) : EnumSet.copyOf(toggledOn);
        if (on) {
            next.add(coding);
        } else {
            next.remove(coding);
        }
        return new DecompressionSettings(next, maxDecompressedBytes, maxRatio, maxCodings);
    }

    /** These settings with another cap on one body's decoded size, in bytes (at least 1). */
    public DecompressionSettings withMaxDecompressedBytes(long maxDecompressedBytes) {
        return new DecompressionSettings(toggledOn, maxDecompressedBytes, maxRatio, maxCodings);
    }

    /** These settings with another cap on decoded ÷ compressed bytes (at least 1). */
    public DecompressionSettings withMaxRatio(int maxRatio) {
        return new DecompressionSettings(toggledOn, maxDecompressedBytes, maxRatio, maxCodings);
    }

    /** These settings with another cap on the number of listed codings (at least 1). */
    public DecompressionSettings withMaxCodings(int maxCodings) {
        return new DecompressionSettings(toggledOn, maxDecompressedBytes, maxRatio, maxCodings);
    }

    /** Whether bodies in {@code coding} are decoded: toggled on and its library available. */
    public boolean isEnabled(ContentCoding coding) {
        return toggledOn.contains(coding) && coding.isAvailable();
    }

    /** The most bytes one body may decode to; every layer of a stacked coding is held to it. */
    public long maxDecompressedBytes() {
        return maxDecompressedBytes;
    }

    /** The most decoded bytes per compressed byte received (plus {@link #RATIO_SLACK_BYTES}). */
    public int maxRatio() {
        return maxRatio;
    }

    /** The most codings a Content-Encoding list may name (all header lines together, "identity" not counted). */
    public int maxCodings() {
        return maxCodings;
    }

    /**
     * The Accept-Encoding value for the enabled codings in preference order, such as
     * "gzip, deflate, br, zstd", or null when none is enabled (then the header should be left out).
     */
    public String acceptEncoding() {
        StringJoiner value = new StringJoiner(", ");
        for (ContentCoding coding : ContentCoding.values()) {
            if (isEnabled(coding)) {
                value.add(coding.token());
            }
        }
        return value.length() == 0 ? null : value.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecompressionSettings s && s.toggledOn.equals(toggledOn)
                && s.maxDecompressedBytes == maxDecompressedBytes && s.maxRatio == maxRatio && s.maxCodings == maxCodings;
    }

    @Override
    public int hashCode() {
        return Objects.hash(toggledOn, maxDecompressedBytes, maxRatio, maxCodings);
    }

    @Override
    public String toString() {
        return "DecompressionSettings[codings=" + toggledOn + ", maxDecompressedBytes=" + maxDecompressedBytes
                + ", maxRatio=" + maxRatio + ", maxCodings=" + maxCodings + "]";
    }
}
