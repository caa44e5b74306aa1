package dev.courier.cli;

import dev.courier.EventListener;
import dev.courier.Request;
import dev.courier.Response;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;

/**
 * {@code --timings}: when each phase of the call ended, counted from the start of the call as
 * curl's {@code --write-out} times are, printed as one line on stderr.
 *
 * <pre>
 * dns 0.4 ms  connect 0.6 ms  tls 5.7 ms  first byte 7.9 ms  total 8.3 ms
 * </pre>
 *
 * <p>A phase that did not happen (no DNS for an IP address, no TLS on http://) shows "-". First byte is the head of the last response (after redirects
 * and auth round trips); total is when the command finished reading the body, which it reports
 * with {@link #bodyEnd()} since a streamed call ends before its body.
 *
 * <p>Events arrive on I/O threads, hence the volatile fields.
 */
final class Timings implements EventListener {
    private volatile long start = -1;
    // The end of the first lookup, connect and handshake of the call (a redirect to another host
    // makes more; curl, too, reports the first). -1 until it happens.
    private volatile long dnsEnd = -1;
    private volatile long connectEnd = -1;
    private volatile long tlsEnd = -1;
    private volatile long firstByte = -1;
    private volatile long end = -1;

    @Override
    public void callStart(Request request) {
        start = System.nanoTime();
    }

    @Override
    public void sendEnd(Request request, Response response) {
        // The last hop's head wins: that is the response the user sees.
        firstByte = System.nanoTime();
    }

    @Override
    public void dnsEnd(Request request, String host, List<InetAddress> addresses) {
        if (dnsEnd < 0) dnsEnd = System.nanoTime();
    }

    @Override
    public void connectEnd(Request request, InetSocketAddress address) {
        if (connectEnd < 0) connectEnd = System.nanoTime();
    }

    @Override
    public void secureConnectEnd(Request request, String tlsVersion) {
        if (tlsEnd < 0) tlsEnd = System.nanoTime();
    }

    /** The body has been read to its end: the total time. */
    void bodyEnd() {
        end = System.nanoTime();
    }

    /** The timings line, such as {@code dns -  connect -  tls -  first byte 7.9 ms  total 8.3 ms}. */
    String line() {
        long total = end >= 0 ? end : System.nanoTime();
        return "dns " + since(dnsEnd) + "  connect " + since(connectEnd) + "  tls " + since(tlsEnd)
                + "  first byte " + since(firstByte) + "  total " + since(total);
    }

    private String since(long at) {
        if (at < 0 || start < 0) {
            return "-";
        }
        double millis = (at - start) / 1e6;
        return String.format(Locale.ROOT, millis < 100 ? "%.1f ms" : "%.0f ms", millis);
    }
}
