package dev.courier.cli;

/** The command's exit codes (httpie's, so scripts written for it keep working). */
final class ExitCodes {
    static final int OK = 0;
    /** The request failed: refused, reset, TLS not trusted, a protocol error. */
    static final int FAILED = 1;
    /** A usage error (picocli's own code) or a timeout. */
    static final int USAGE_OR_TIMEOUT = 2;
    static final int REDIRECTION = 3;
    static final int CLIENT_ERROR = 4;
    static final int SERVER_ERROR = 5;
    static final int TOO_MANY_REDIRECTS = 6;
    static final int INTERRUPTED = 130;

    private ExitCodes() {}

    /** The {@code --check-status} code for a status: 0 below 300, else 3, 4 or 5. */
    static int forStatus(int status) {
        if (status >= 500) return SERVER_ERROR;
        if (status >= 400) return CLIENT_ERROR;
        if (status >= 300) return REDIRECTION;
        return OK;
    }
}
