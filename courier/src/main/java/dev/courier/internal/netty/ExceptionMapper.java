package dev.courier.internal.netty;

import dev.courier.ConnectFailedException;
import dev.courier.ConnectTimeoutException;
import dev.courier.CourierException;
import dev.courier.DecodingException;
import dev.courier.PoolTimeoutException;
import dev.courier.ProxyException;
import dev.courier.ReadException;
import dev.courier.RemoteProtocolException;
import dev.courier.Request;
import dev.courier.RequestException;
import dev.courier.WriteException;
import dev.courier.internal.codec.ContentDecodingException;
import dev.courier.internal.http2.Http2AbuseException;
import dev.courier.internal.tls.TlsFailures;
import io.netty.channel.socket.ChannelOutputShutdownException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;

/**
 * The single place where Netty and JDK failures become Courier exceptions: the most specific class
 * for the phase the failure happened in, the request attached, the cause kept, and a message that
 * names the host and what went wrong.
 */
public final class ExceptionMapper {
    /** Where in an exchange a failure happened. */
    public enum Phase { CONNECT, WRITE, READ_HEAD, READ_BODY }

    private ExceptionMapper() {}

    /** The Courier exception for {@code failure} in {@code phase} of {@code request} to {@code authority}. */
    public static RuntimeException map(Throwable failure, Request request, String authority, Phase phase) {
        if (failure instanceof ChannelOutputShutdownException && failure.getCause() != null) {
            // An HTTP/1.1 channel shuts its output down rather than close when a write fails (so the
            // answer can still be read): the socket's own error says what happened.
            failure = failure.getCause();
        }
        if (failure instanceof RequestException re && re.request() != null) {
            return re;
        }
        if (failure instanceof CourierException ce) {
            return withRequest(ce, request);
        }
        if (failure instanceof ContentDecodingException cde) {
            return new DecodingException("Could not decode the response body from " + authority + ": "
                    + cde.getMessage(), request, cde);
        }
        SSLException tls = tlsCause(failure);
        if (tls instanceof SslHandshakeTimeoutException) {
            // A handshake that never finished is the connect phase running out of time, not a TLS fault.
            return new ConnectTimeoutException(TlsFailures.describe(host(authority), port(authority), tls), request,
                    failure);
        }
        if (tls != null) {
            // TLS 1.3 servers refuse a client certificate after the handshake, on the first read
            // (for HTTP/2, while the connection still waits for the server's SETTINGS).
            return new ConnectFailedException(TlsFailures.describe(host(authority), port(authority), tls), request, failure);
        }
        Throwable decoderCause = failure instanceof DecoderException && failure.getCause() != null ? failure.getCause() : failure;
        if (decoderCause instanceof ContentDecodingException cde) {
            return map(cde, request, authority, phase);
        }
        if (failure instanceof TooLongFrameException || decoderCause instanceof TooLongFrameException) {
            return new RemoteProtocolException("The response from " + authority + " exceeds a protocol limit: "
                    + decoderCause.getMessage(), request, failure);
        }
        Http2Exception h2 = http2Cause(failure);
        if (h2 != null) {
            return new RemoteProtocolException("HTTP/2 error with " + authority + ": " + messageOrName(h2) + " ("
                    + h2.error() + ")", request, failure);
        }
        if (failure instanceof Http2AbuseException) {
            return new RemoteProtocolException(failure.getMessage(), request, failure);
        }
        if (failure instanceof PrematureChannelClosureException) {
            return new RemoteProtocolException("The server " + authority
                    + " closed the connection before sending the complete response body", request, failure);
        }
        if (failure instanceof DecoderException || failure instanceof IllegalArgumentException) {
            return new RemoteProtocolException("Malformed HTTP response from " + authority + ": "
                    + messageOf(decoderCause), request, failure);
        }
        switch (phase) {
            case CONNECT:
                return connectFailure(failure, request, authority);
            case WRITE:
                return new WriteException("Sending the request to " + authority + " failed: " + messageOf(failure),
                        request, failure);
            default:
                if (failure instanceof ClosedChannelException) {
                    return new RemoteProtocolException(phase == Phase.READ_HEAD
                            ? "The server " + authority + " disconnected without sending a response"
                            : "The server " + authority + " closed the connection before the response body ended",
                            request, failure);
                }
                return new ReadException("Reading the response from " + authority + " failed: " + messageOf(failure),
                        request, failure);
        }
    }

    private static RuntimeException connectFailure(Throwable failure, Request request, String authority) {
        if (failure instanceof io.netty.channel.ConnectTimeoutException || failure instanceof SslHandshakeTimeoutException) {
            return new ConnectTimeoutException("Connecting to " + authority + " timed out"
                    + (failure instanceof SslHandshakeTimeoutException ? " during the TLS handshake" : ""), request, failure);
        }
        if (failure instanceof UnknownHostException) {
            return new ConnectFailedException("Could not resolve host " + authority + ": " + messageOf(failure),
                    request, failure);
        }
        if (tlsCause(failure) != null) {
            return new ConnectFailedException(TlsFailures.describe(host(authority), port(authority), failure), request,
                    failure);
        }
        if (failure instanceof ConnectException || failure instanceof NoRouteToHostException) {
            return new ConnectFailedException("Could not connect to " + authority + ": " + messageOf(failure),
                    request, failure);
        }
        if (failure instanceof IOException) {
            return new ConnectFailedException("Could not connect to " + authority + ": " + messageOf(failure),
                    request, failure);
        }
        return new ConnectFailedException("Could not connect to " + authority + ": " + messageOf(failure), request, failure);
    }

    private static Http2Exception http2Cause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Http2Exception h2) {
                return h2;
            }
        }
        return null;
    }

    private static SSLException tlsCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }

    private static String host(String authority) {
        int colon = authority.lastIndexOf(':');
        String host = colon > 0 ? authority.substring(0, colon) : authority;
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private static int port(String authority) {
        int colon = authority.lastIndexOf(':');
        return colon > 0 ? Integer.parseInt(authority.substring(colon + 1)) : 443;
    }

    /** {@code e} carrying {@code request}: itself when it has one; the pool's timeout is made without one. */
    public static RuntimeException withRequest(CourierException e, Request request) {
        if (e instanceof PoolTimeoutException p && p.request() == null) {
            return new PoolTimeoutException(p.getMessage(), request, p.getCause());
        }
        if (e instanceof RequestException re && re.request() == null) {
            // Connections are opened for the pool, not for one request: the request joins here, the type kept.
            if (e instanceof ProxyException p) {
                return new ProxyException(p.getMessage(), request, p.status(), p.getCause());
            }
            if (e instanceof ConnectTimeoutException) {
                return new ConnectTimeoutException(e.getMessage(), request, e.getCause());
            }
            if (e instanceof ConnectFailedException) {
                return new ConnectFailedException(e.getMessage(), request, e.getCause());
            }
            return new RequestException(e.getMessage(), request, e);
        }
        return e;
    }

    /** The operating system's words for common connect failures, without the native call around them. */
    private static final String[] SOCKET_ERRORS = {"Connection refused", "No route to host", "Network is unreachable",
        "Connection reset by peer", "Connection timed out", "Broken pipe", "Host is down"};

    /** What went wrong, in the operating system's words where it has them, for a message. */
    public static String describe(Throwable t) {
        return messageOf(t);
    }

    private static String messageOf(Throwable t) {
        String m = t.getMessage();
        if (m != null) {
            for (String known : SOCKET_ERRORS) {
                if (m.contains(known)) {
                    return known.toLowerCase(java.util.Locale.ROOT);
                }
            }
        }
        return messageOrName(t);
    }

    private static String messageOrName(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isEmpty() ? t.getClass().getSimpleName() : m;
    }
}
