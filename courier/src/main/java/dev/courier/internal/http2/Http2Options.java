package dev.courier.internal.http2;

import java.time.Duration;

/**
 * The HTTP/2 settings of one transport.
 *
 * @param streamWindow the flow-control window of each stream (SETTINGS_INITIAL_WINDOW_SIZE): the most
 *     bytes of one response body buffered before its reader asks for more
 * @param connectionWindow the connection's flow-control window: the most bytes buffered across all
 *     streams; larger than {@code streamWindow}, so one slow reader never stalls the others
 * @param maxHeaderListSize SETTINGS_MAX_HEADER_LIST_SIZE, advertised and enforced (decoded size,
 *     32 bytes counted per field as RFC 9113 says)
 * @param maxStreams the most streams Courier opens on one connection, whatever the server allows
 * @param pingInterval how often an idle connection is checked with a PING (a connection whose PING
 *     goes unanswered for a whole interval is closed), or null for never
 * @param maxControlFramesPerSecond most PING and SETTINGS frames accepted from the server per second
 *     before the connection is closed as abusive
 */
public record Http2Options(int streamWindow, int connectionWindow, int maxHeaderListSize, int maxStreams,
        Duration pingInterval, int maxControlFramesPerSecond) {
}
