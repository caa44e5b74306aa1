package dev.courier.support.servers;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared "skip locally, fail on CI" rule of the fixtures that drive Debian packages as real
 * daemons ({@link NginxServer}, {@link HttpbinServer}, {@link NghttpdServer}, {@link TinyproxyServer},
 * {@link SquidServer}, {@link DanteServer}): {@code .ci/run} installs those packages, so
 * on CI ({@code CI=true}) a missing one is an error; elsewhere the test is skipped with a JUnit
 * assumption that says how to install it.
 */
final class DebianPackages {
    private DebianPackages() {}

    /**
     * Returns when {@code installed}; otherwise throws {@link IllegalStateException} if {@code ci}
     * is {@code "true"}, else aborts the calling test (a JUnit assumption).
     *
     * @param installed whether the fixture found what it needs
     * @param what what is missing, as the messages name it ({@code "nginx"})
     * @param detail where it was looked for, appended to the local message ({@code " at /usr/sbin/nginx"})
     * @param debianPackage the package {@code apt-get install} needs ({@code "nginx"})
     * @param ci the value of the {@code CI} environment variable (may be null)
     */
    static void require(boolean installed, String what, String detail, String debianPackage, String ci) {
        if (installed) {
            return;
        }
        if ("true".equals(ci)) {
            throw new IllegalStateException(
                    what + " is not installed: .ci/run installs it (apt-get install -y " + debianPackage + ")");
        }
        Assumptions.assumeTrue(false, what + " is not installed" + detail
                + "; install it with `apt-get update && apt-get install -y " + debianPackage + "`");
    }

    /**
     * {@link #require} for an executable file: {@code binary} must be executable, else "WHAT is
     * not installed at BINARY" (locally) names {@code debianPackage} to install.
     */
    static void requireExecutable(Path binary, String what, String debianPackage, String ci) {
        require(Files.isExecutable(binary), what, " at " + binary, debianPackage, ci);
    }
}
