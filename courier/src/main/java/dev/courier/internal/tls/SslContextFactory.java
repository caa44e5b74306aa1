package dev.courier.internal.tls;

import dev.courier.internal.Environment;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;

/**
 * Builds the client {@link SslContext} for a {@link TlsSettings}: JDK provider, TLS 1.3 and 1.2,
 * trust from a CA bundle, the environment or the system store, and the client certificate.
 *
 * <p>Hostname verification is not left to this context: {@link SslHandlers} sets it on every engine.
 */
public final class SslContextFactory {
    /** The protocols Courier speaks; anything older is broken. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** OpenSSL's c_rehash names: eight hex digits of the subject hash and a sequence number. */
    private static final Pattern HASH_NAME = Pattern.compile("[0-9a-f]{8}\\.[0-9]+");

    private SslContextFactory() {}

    /**
     * A client context for {@code settings}; SSL_CERT_FILE and SSL_CERT_DIR are read from {@code env}.
     *
     * @throws IllegalArgumentException when an input cannot be used (unreadable PEM, wrong password,
     *     a missing SSL_CERT_FILE); the message names the input and never contains a password
     */
    public static SslContext create(TlsSettings settings, Environment env) {
        ApplicationProtocolConfig alpn = alpn(settings);
        if (settings.sslContext() != null) {
            // Netty leaves endpoint identification unset on a context it did not build
            // (RELIABILITY §0(c)); SslHandlers sets it on each engine.
            return new JdkSslContext(settings.sslContext(), true, null, IdentityCipherSuiteFilter.INSTANCE, alpn,
                    ClientAuth.NONE, PROTOCOLS.clone(), false);
        }
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS)
                .applicationProtocolConfig(alpn);
        if (!settings.verify()) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
        } else if (settings.caBundleSource() != null) {
            builder.trustManager(Pem.certificates(settings.caBundleSource()));
        } else if (settings.trustEnv()) {
            List<X509Certificate> fromEnv = environmentTrust(env);
            if (fromEnv != null) {
                builder.trustManager(fromEnv);
            }
        }
        // else: a null trust manager means the JDK's default, the system trust store.
        if (settings.clientKeyStoreSource() != null) {
            builder.keyManager(keyStoreKeys(settings.clientKeyStoreSource(), settings.password()));
        } else if (settings.clientCertChainSource() != null) {
            List<X509Certificate> chain = Pem.certificates(settings.clientCertChainSource());
            PrivateKey key = PrivateKeys.read(settings.clientKeySource(), settings.password());
            builder.keyManager(key, chain);
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("TLS configuration cannot be used: " + e.getMessage(), e);
        }
    }

    /** ALPN only when something besides HTTP/1.1 is offered: a lone http/1.1 needs no negotiation. */
    private static ApplicationProtocolConfig alpn(TlsSettings settings) {
        List<String> protocols = settings.alpnProtocols();
        if (protocols.equals(List.of("http/1.1"))) {
            return ApplicationProtocolConfig.DISABLED;
        }
        // NO_ADVERTISE + ACCEPT: if the server picks nothing, carry on with HTTP/1.1 rather than fail.
        return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, protocols);
    }

    /**
     * The CAs named by SSL_CERT_FILE and SSL_CERT_DIR (both, when both are set, as OpenSSL and curl
     * do), or null when neither is set; then the system trust store applies.
     */
    static List<X509Certificate> environmentTrust(Environment env) {
        String file = nonEmpty(env.get("SSL_CERT_FILE"));
        String dir = nonEmpty(env.get("SSL_CERT_DIR"));
        if (file == null && dir == null) {
            return null;
        }
        // Keyed by encoding: a c_rehash directory links each hash name to a *.pem of the same CA.
        Map<String, X509Certificate> certs = new LinkedHashMap<>();
        if (file != null) {
            Path path = Path.of(file);
            String what = "SSL_CERT_FILE " + path;
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException(what + " does not exist or is not a file");
            }
            List<X509Certificate> found = Pem.certificatesOrEmpty(readFile(path, what), what);
            if (found.isEmpty()) {
                throw new IllegalArgumentException(what + ": no PEM CERTIFICATE block found");
            }
            found.forEach(c -> certs.put(key(c), c));
        }
        if (dir != null) {
            Path path = Path.of(dir);
            String what = "SSL_CERT_DIR " + path;
            if (!Files.isDirectory(path)) {
                throw new IllegalArgumentException(what + " does not exist or is not a directory");
            }
            int before = certs.size();
            for (Path entry : certFiles(path, what)) {
                String entryWhat = what + ": " + entry.getFileName();
                Pem.certificatesOrEmpty(readFile(entry, entryWhat), entryWhat).forEach(c -> certs.put(key(c), c));
            }
            if (certs.size() == before && file == null) {
                throw new IllegalArgumentException(
                        what + " holds no PEM certificates (*.pem, *.crt or hash-named files)");
            }
        }
        return new ArrayList<>(certs.values());
    }

    private static List<Path> certFiles(Path dir, String what) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean wanted = name.endsWith(".pem") || name.endsWith(".crt") || HASH_NAME.matcher(name).matches();
                if (wanted && Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " cannot be listed: " + e, e);
        }
        Collections.sort(files); // a stable order, whatever the file system returns
        return files;
    }

    private static KeyManagerFactory keyStoreKeys(Pem.Source source, char[] password) {
        char[] pw = password == null ? new char[0] : password;
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(source.bytes()), pw);
            if (!hasKey(store)) {
                throw new IllegalArgumentException(source.label() + " holds no private key entry");
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, pw);
            return factory;
        } catch (IOException e) {
            // KeyStore.load reports a wrong password as an IOException caused by UnrecoverableKeyException.
            String reason = e.getCause() instanceof UnrecoverableKeyException
                    ? "wrong password" : "not a readable PKCS#12 file (" + e.getMessage() + ")";
            throw new IllegalArgumentException(source.label() + " cannot be opened: " + reason, e);
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException(
                    source.label() + ": the private key cannot be recovered: wrong password", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(source.label() + " cannot be used: " + e.getMessage(), e);
        }
    }

    private static boolean hasKey(KeyStore store) throws GeneralSecurityException {
        for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements();) {
            if (store.isKeyEntry(aliases.nextElement())) {
                return true;
            }
        }
        return false;
    }

    private static byte[] readFile(Path path, String what) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " cannot be read: " + e, e);
        }
    }

    private static String key(X509Certificate cert) {
        try {
            return java.util.Base64.getEncoder().encodeToString(cert.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + cert.getSubjectX500Principal(), e);
        }
    }

    private static String nonEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
