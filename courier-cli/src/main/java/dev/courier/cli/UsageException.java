package dev.courier.cli;

/**
 * A mistake on the command line that picocli cannot see (a request item without a separator, a
 * session name that is not a file name, {@code --continue} without {@code --output}): reported as
 * one line, exit code 2, like picocli's own usage errors.
 *
 * <pre>{@code
 * throw new UsageException("'name' is not a request item: use Header:Value, param==value or field=value");
 * }</pre>
 */
final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
