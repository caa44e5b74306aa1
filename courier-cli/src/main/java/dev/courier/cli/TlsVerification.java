package dev.courier.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code --verify yes|no|PATH} asks for, parsed once for the request form and for {@code bench}:
 * verify against the system's CAs ({@code yes}, {@code true}), not at all ({@code no}, {@code false}),
 * or against the PEM CA bundle at {@code PATH}.
 *
 * <pre>{@code
 * TlsVerification tls = TlsVerification.parse("ca.pem"); // verify() true, caBundle() ca.pem
 * }</pre>
 *
 * @param verify whether certificates are verified
 * @param caBundle the CA bundle to verify against, or null for the system's
 */
record TlsVerification(boolean verify, Path caBundle) {
    /**
     * @param value the option's value; null means yes
     * @throws UsageException for a path that cannot be read
     */
    static TlsVerification parse(String value) {
        if (value == null) {
            return new TlsVerification(true, null);
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "yes", "true":
                return new TlsVerification(true, null);
            case "no", "false":
                return new TlsVerification(false, null);
            default:
                Path bundle = Path.of(value);
                if (!Files.isReadable(bundle)) {
                    throw new UsageException("--verify: no readable CA file at " + value + " (or use yes or no)");
                }
                return new TlsVerification(true, bundle);
        }
    }
}
