package dev.courier.internal.tls;

import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Turns a TLS handshake failure into one line a person can act on, naming the peer and the kind of
 * failure ("certificate expired", "certificate does not match host x").
 *
 * <p>The kinds are recognised from what the JDK provider actually throws (see TlsHandshakeTest):
 * the validity exceptions sit under CertPathValidatorException inside the validator's exception;
 * host mismatches and path-building failures are only told apart by their messages; JDK 21+
 * prefix messages with the alert, as in "(certificate_unknown) PKIX path building failed".
 */
public final class TlsFailures {
    /** JDK 21+ prefix: "(certificate_unknown) ", "(bad_certificate) "... */
    private static final Pattern ALERT_PREFIX = Pattern.compile("^\\([a-z_]+\\) ");

    private TlsFailures() {}

    /** The reason for a failed handshake with {@code host:port}, assuming no client certificate was sent. */
    public static String describe(String host, int port, Throwable failure) {
        return describe(host, port, failure, false);
    }

    /**
     * The reason for a failed handshake with {@code host:port}, e.g.
     * {@code "TLS handshake with example.com:443 failed: certificate expired"}.
     *
     * @param clientCertificateSent whether we offered a client certificate, which decides whether a
     *     bad_certificate or certificate_required alert means "send one" or "yours was refused"
     */
    public static String describe(String host, int port, Throwable failure, boolean clientCertificateSent) {
        String peer = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return "TLS handshake with " + peer + ":" + port + " failed: " + kind(host, failure, clientCertificateSent);
    }

    private static String kind(String host, Throwable failure, boolean clientCertificateSent) {
        List<Throwable> chain = chain(failure);
        // Validity first: an expired certificate also fails path validation, and that is the lesser news.
        for (Throwable t : chain) {
            if (t instanceof CertificateExpiredException) {
                return "certificate expired";
            }
            if (t instanceof CertificateNotYetValidException) {
                return "certificate not yet valid";
            }
        }
        for (Throwable t : chain) {
            String m = message(t);
            if (m.contains("PKIX path building failed") || m.contains("unable to find valid certification path")) {
                return "certificate not trusted (unknown issuer)";
            }
            // Hostname mismatches come from the JDK's HostnameChecker, as plain CertificateExceptions.
            if (m.contains("No subject alternative") || m.contains("No name matching")) {
                return "certificate does not match host " + host;
            }
        }
        for (Throwable t : chain) {
            if (t instanceof CertPathValidatorException) {
                return "certificate not trusted (" + message(t) + ")";
            }
        }
        for (Throwable t : chain) {
            String m = message(t);
            // Alerts the server sent about our (missing or refused) certificate. TLS 1.3 servers send
            // certificate_required; TLS 1.2 ones bad_certificate or, on newer JDKs, handshake_failure
            // (which could mean anything, so it is left to the generic message).
            if (m.contains("Received fatal alert: bad_certificate")
                    || m.contains("Received fatal alert: certificate_required")
                    || (clientCertificateSent && m.contains("Received fatal alert: certificate_unknown"))) {
                return clientCertificateSent
                        ? "server rejected the client certificate (" + alert(m) + ")"
                        : "server requires a client certificate";
            }
        }
        for (Throwable t : chain) {
            if (t instanceof SslHandshakeTimeoutException) {
                String m = message(t); // Netty's: "handshake timed out after 10000ms"
                return m.isEmpty() ? "handshake timed out" : m;
            }
        }
        return "handshake failure: " + bestMessage(chain);
    }

    /** The cause chain, outermost first, stopping at a cycle. */
    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** The first SSLException's message (Netty wraps them in DecoderException), else the first message. */
    private static String bestMessage(List<Throwable> chain) {
        for (Throwable t : chain) {
            if (t instanceof SSLException && t.getMessage() != null) {
                return message(t);
            }
        }
        for (Throwable t : chain) {
            if (t.getMessage() != null) {
                return message(t);
            }
        }
        return chain.isEmpty() ? "unknown" : chain.get(0).getClass().getSimpleName();
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        // One line whatever the provider wrote, and the same text on every JDK.
        return m == null ? "" : ALERT_PREFIX.matcher(m.strip().replaceAll("\\s+", " ")).replaceFirst("");
    }

    private static String alert(String message) {
        int at = message.indexOf("alert: ");
        return at < 0 ? message : message.substring(at + "alert: ".length()).strip();
    }
}
