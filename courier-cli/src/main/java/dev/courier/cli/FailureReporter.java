package dev.courier.cli;

import dev.courier.ConnectFailedException;
import dev.courier.CourierException;
import dev.courier.InvalidUrlException;
import dev.courier.RequestTimeoutException;
import dev.courier.TooManyRedirectsException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure into one line on stderr and an exit code: people read what failed, not a stack
 * trace (that needs {@code --debug}). Usage errors, picocli's and the command's own
 * ({@link UsageException}), are one line too, with a pointer to {@code --help}, and exit with 2.
 */
final class FailureReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine line = ex.getCommandLine();
        PrintWriter err = line.getErr();
        err.println("courier: " + ex.getMessage() + " (see " + line.getCommandSpec().qualifiedName() + " --help)");
        err.flush();
        return ExitCodes.USAGE_OR_TIMEOUT;
    }

    @Override
    public int handleExecutionException(Exception thrown, CommandLine line, ParseResult parsed) {
        Throwable failure = unwrap(thrown);
        PrintWriter err = line.getErr();
        err.println("courier: " + describe(failure));
        // The failing command's own parse: picocli hands over the top level's, which never holds a
        // subcommand's options (bench, demo and serve have --debug too).
        if (line.getParseResult().hasMatchedOption("--debug")) {
            failure.printStackTrace(err);
        }
        err.flush();
        return exitCode(failure);
    }

    static Throwable unwrap(Throwable thrown) {
        Throwable t = thrown;
        // A body stream reports the library's failure as an IOException caused by it: the cause says more.
        // An UncheckedIOException with a message of its own (not just its cause's) says what failed: it stays.
        while ((t instanceof CompletionException || t instanceof ExecutionException
                || t instanceof UncheckedIOException && isPlainWrapper(t)
                || t instanceof IOException && t.getCause() instanceof CourierException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static boolean isPlainWrapper(Throwable t) {
        return t.getCause() == null || t.getMessage() == null || t.getMessage().equals(t.getCause().toString());
    }

    static int exitCode(Throwable failure) {
        if (failure instanceof RequestTimeoutException) return ExitCodes.USAGE_OR_TIMEOUT;
        if (failure instanceof TooManyRedirectsException) return ExitCodes.TOO_MANY_REDIRECTS;
        if (failure instanceof InterruptedException) return ExitCodes.INTERRUPTED;
        if (failure instanceof InvalidUrlException || failure instanceof IllegalArgumentException) {
            return ExitCodes.USAGE_OR_TIMEOUT;
        }
        return ExitCodes.FAILED;
    }

    /** One line: what failed, in words, with the library's own message (which names the URL). */
    static String describe(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (failure instanceof RequestTimeoutException) {
            return "timed out: " + message;
        }
        if (failure instanceof ConnectFailedException && causedBy(failure, SSLException.class)) {
            return "TLS failed: " + message + " (use --verify PATH for a private CA, or --verify no)";
        }
        if (failure instanceof ConnectFailedException) {
            return "connection failed: " + message;
        }
        if (failure instanceof UsageException) {
            return message + " (see courier --help)";
        }
        if (failure instanceof CourierException || failure instanceof IllegalArgumentException) {
            return message;
        }
        if (failure instanceof IOException || failure instanceof UncheckedIOException) {
            return "I/O error: " + message;
        }
        return failure.getClass().getSimpleName() + ": " + message;
    }

    /** Whether {@code failure} or one of its causes is a {@code type}. */
    static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) return true;
        }
        return false;
    }
}
