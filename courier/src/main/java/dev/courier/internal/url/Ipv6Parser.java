package dev.courier.internal.url;

/**
 * The WHATWG IPv6 parser and serializer: {@code ::} compression, embedded IPv4, and the canonical
 * compressed lower-case form.
 *
 * <p>Zone identifiers ({@code fe80::1%25eth0}) are not part of the URL standard and fail to parse.
 *
 * <pre>{@code
 * Ipv6Parser.serialize(Ipv6Parser.parse("0:0:0:0:0:FFFF:127.0.0.1"));   // "::ffff:7f00:1"
 * }</pre>
 */
final class Ipv6Parser {
    private static final int EOF = -1;

    private Ipv6Parser() {}

    /** The eight 16-bit pieces of the address (without brackets), or null when it is invalid. */
    static int[] parse(String input) {
        int[] address = new int[8];
        int pieceIndex = 0;
        int compress = -1;
        int pointer = 0;
        if (at(input, pointer) == ':') {
            if (at(input, pointer + 1) != ':') {
                return null;
            }
            pointer += 2;
            compress = ++pieceIndex;
        }
        while (at(input, pointer) != EOF) {
            if (pieceIndex == 8) {
                return null;
            }
            if (at(input, pointer) == ':') {
                if (compress != -1) {
                    return null;
                }
                pointer++;
                compress = ++pieceIndex;
                continue;
            }
            int value = 0;
            int length = 0;
            while (length < 4 && PercentEncoding.hexValue(at(input, pointer)) >= 0) {
                value = value * 0x10 + PercentEncoding.hexValue(at(input, pointer));
                pointer++;
                length++;
            }
            if (at(input, pointer) == '.') {
                if (length == 0 || pieceIndex > 6) {
                    return null;
                }
                pointer -= length;
                return parseEmbeddedIpv4(input, pointer, address, pieceIndex, compress);
            }
            if (at(input, pointer) == ':') {
                pointer++;
                if (at(input, pointer) == EOF) {
                    return null;
                }
            } else if (at(input, pointer) != EOF) {
                return null;
            }
            address[pieceIndex++] = value;
        }
        return finish(address, pieceIndex, compress);
    }

    private static int[] parseEmbeddedIpv4(String input, int start, int[] address, int pieceIndex, int compress) {
        int pointer = start;
        int numbersSeen = 0;
        while (at(input, pointer) != EOF) {
            if (numbersSeen > 0) {
                if (at(input, pointer) != '.' || numbersSeen >= 4) {
                    return null;
                }
                pointer++;
            }
            if (!isDigit(at(input, pointer))) {
                return null;
            }
            int piece = -1;
            while (isDigit(at(input, pointer))) {
                int number = at(input, pointer) - '0';
                if (piece == 0) {
                    // A leading zero is ambiguous (octal in other parsers), so the standard refuses it.
                    return null;
                }
                piece = piece == -1 ? number : piece * 10 + number;
                if (piece > 255) {
                    return null;
                }
                pointer++;
            }
            address[pieceIndex] = address[pieceIndex] * 0x100 + piece;
            numbersSeen++;
            if (numbersSeen == 2 || numbersSeen == 4) {
                pieceIndex++;
            }
        }
        return numbersSeen == 4 ? finish(address, pieceIndex, compress) : null;
    }

    private static int[] finish(int[] address, int pieceIndex, int compress) {
        if (compress != -1) {
            int swaps = pieceIndex - compress;
            for (int index = 7; index != 0 && swaps > 0; index--, swaps--) {
                int other = compress + swaps - 1;
                int tmp = address[index];
                address[index] = address[other];
                address[other] = tmp;
            }
            return address;
        }
        return pieceIndex == 8 ? address : null;
    }

    /** The compressed form: lower-case hex, the first longest run of two or more zero pieces as {@code ::}. */
    static String serialize(int[] address) {
        int compress = -1;
        int longest = 1;
        for (int i = 0; i < 8; ) {
            int end = i;
            while (end < 8 && address[end] == 0) {
                end++;
            }
            if (end - i > longest) {
                longest = end - i;
                compress = i;
            }
            i = Math.max(end, i + 1);
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == compress) {
                out.append(i == 0 ? "::" : ":");
                i += longest - 1;
                continue;
            }
            out.append(Integer.toHexString(address[i]));
            if (i < 7) {
                out.append(':');
            }
        }
        return out.toString();
    }

    private static int at(String input, int index) {
        return index < input.length() ? input.charAt(index) : EOF;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
