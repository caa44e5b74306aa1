package dev.courier.cli;

import dev.courier.CloseException;
import dev.courier.ConnectFailedException;
import dev.courier.ConnectTimeoutException;
import dev.courier.DecodingException;
import dev.courier.HttpProtocolException;
import dev.courier.PoolTimeoutException;
import dev.courier.ReadException;
import dev.courier.ReadTimeoutException;
import dev.courier.RequestTimeoutException;
import dev.courier.TooManyRedirectsException;
import dev.courier.WriteException;
import dev.courier.WriteTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import javax.net.ssl.SSLException;

/**
 * The short name a load test counts a failed request under: {@code refused}, {@code connect},
 * {@code dns}, {@code tls}, {@code connect-timeout}, {@code read-timeout}, {@code write-timeout},
 * {@code pool-timeout}, {@code timeout}, {@code reset}, {@code read}, {@code write}, {@code closed},
 * {@code protocol}, {@code decoding}, {@code redirects}, {@code cancelled}, or else the exception's
 * simple class name. A thousand failures read best as a few kinds with counts, so the kinds follow
 * what someone tuning a server acts on (refused: nothing listens, or the backlog is full; reset:
 * the server dropped connections; timeout: it is too slow) rather than the exception tree.
 *
 * <pre>{@code
 * ErrorKind.of(new ReadTimeoutException(...));   // "read-timeout"
 * }</pre>
 */
final class ErrorKind {
    private ErrorKind() {}

    /** The kind of {@code failure} (unwrapped from CompletionException and the like first). */
    static String of(Throwable failure) {
        Throwable t = FailureReporter.unwrap(failure);
        // Most specific first: the timeouts are subclasses of RequestTimeoutException.
        if (t instanceof ConnectTimeoutException) return "connect-timeout";
        if (t instanceof ReadTimeoutException) return "read-timeout";
        if (t instanceof WriteTimeoutException) return "write-timeout";
        if (t instanceof PoolTimeoutException) return "pool-timeout";
        if (t instanceof RequestTimeoutException) return "timeout";
        if (t instanceof ConnectFailedException) {
            if (FailureReporter.causedBy(t, SSLException.class)) return "tls";
            if (FailureReporter.causedBy(t, UnknownHostException.class)) return "dns";
            if (FailureReporter.causedBy(t, ConnectException.class) || mentions(t, "refused")) return "refused";
            return "connect";
        }
        if (t instanceof ReadException || t instanceof WriteException || t instanceof CloseException) {
            if (mentions(t, "reset")) return "reset";
            return t instanceof ReadException ? "read" : t instanceof WriteException ? "write" : "closed";
        }
        if (t instanceof HttpProtocolException) return "protocol";
        if (t instanceof DecodingException) return "decoding";
        if (t instanceof TooManyRedirectsException) return "redirects";
        if (t instanceof CancellationException) return "cancelled";
        return t.getClass().getSimpleName();
    }

    private static boolean mentions(Throwable failure, String word) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.toLowerCase(Locale.ROOT).contains(word)) return true;
        }
        return false;
    }
}
