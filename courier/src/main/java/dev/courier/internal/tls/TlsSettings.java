package dev.courier.internal.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * The TLS configuration of a connection: trust, client certificate, ALPN and handshake timeout.
 *
 * <p>{@link #equals} is the configuration's <em>identity</em>: the connection pool keys
 * connections by it, so that a connection opened with verification off is never handed to a request
 * that wants it on (requests CVE-2024-35195). PEM and PKCS#12 inputs compare by a SHA-256 digest of
 * their bytes; a caller's {@link SSLContext} compares by identity, because two distinct contexts may
 * trust different things whatever they look like. The environment (SSL_CERT_FILE, SSL_CERT_DIR) is
 * not part of the identity: it is fixed per transport.
 */
public final class TlsSettings {
    /** Netty's own default handshake timeout. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private static final TlsSettings DEFAULTS = builder().build();

    private final boolean verify;
    private final Pem.Source caBundle;
    private final SSLContext sslContext;
    private final Pem.Source clientCertChain;
    private final Pem.Source clientKey;
    private final Pem.Source clientKeyStore;
    private final char[] password;
    private final boolean trustEnv;
    private final List<String> alpnProtocols;
    private final Duration handshakeTimeout;

    private TlsSettings(Builder b) {
        this.verify = b.verify;
        this.caBundle = b.caBundle;
        this.sslContext = b.sslContext;
        this.clientCertChain = b.clientCertChain;
        this.clientKey = b.clientKey;
        this.clientKeyStore = b.clientKeyStore;
        this.password = b.password == null ? null : b.password.clone();
        this.trustEnv = b.trustEnv;
        this.alpnProtocols = b.alpnProtocols;
        this.handshakeTimeout = b.handshakeTimeout;
    }

    /** Verified against the system trust store (or SSL_CERT_FILE/SSL_CERT_DIR), HTTP/1.1 only. */
    public static TlsSettings defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether the server's certificate chain and host name are checked. */
    public boolean verify() {
        return verify;
    }

    /** The PEM CA bundle to trust instead of the system store, or null. */
    public byte[] caBundle() {
        return caBundle == null ? null : caBundle.bytes();
    }

    /** The caller's SSLContext, used as given for trust and keys, or null. */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** The client certificate chain (PEM), or null. */
    public byte[] clientCertificateChain() {
        return clientCertChain == null ? null : clientCertChain.bytes();
    }

    /** The client private key (PEM: PKCS#8, encrypted PKCS#8 or PKCS#1 RSA), or null. */
    public byte[] clientPrivateKey() {
        return clientKey == null ? null : clientKey.bytes();
    }

    /** The client PKCS#12 keystore, or null. */
    public byte[] clientKeyStore() {
        return clientKeyStore == null ? null : clientKeyStore.bytes();
    }

    /** Whether SSL_CERT_FILE and SSL_CERT_DIR may replace the system trust store. */
    public boolean trustEnv() {
        return trustEnv;
    }

    /** The protocols offered by ALPN, most preferred first. */
    public List<String> alpnProtocols() {
        return alpnProtocols;
    }

    /** How long the handshake may take; zero means no limit. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** A builder holding this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.verify = verify;
        b.caBundle = caBundle;
        b.sslContext = sslContext;
        b.clientCertChain = clientCertChain;
        b.clientKey = clientKey;
        b.clientKeyStore = clientKeyStore;
        b.password = password == null ? null : password.clone();
        b.trustEnv = trustEnv;
        b.alpnProtocols = alpnProtocols;
        b.handshakeTimeout = handshakeTimeout;
        return b;
    }

    // Package-private views for SslContextFactory: the sources carry a label for error messages.
    Pem.Source caBundleSource() {
        return caBundle;
    }

    Pem.Source clientCertChainSource() {
        return clientCertChain;
    }

    Pem.Source clientKeySource() {
        return clientKey;
    }

    Pem.Source clientKeyStoreSource() {
        return clientKeyStore;
    }

    char[] password() {
        return password == null ? null : password.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TlsSettings)) {
            return false;
        }
        TlsSettings t = (TlsSettings) o;
        // The password is compared (a different one is a different configuration) but kept out of
        // hashCode, so that it never leaks into anything derived from the hash.
        return verify == t.verify
                && trustEnv == t.trustEnv
                && sslContext == t.sslContext
                && Objects.equals(caBundle, t.caBundle)
                && Objects.equals(clientCertChain, t.clientCertChain)
                && Objects.equals(clientKey, t.clientKey)
                && Objects.equals(clientKeyStore, t.clientKeyStore)
                && Arrays.equals(password, t.password)
                && alpnProtocols.equals(t.alpnProtocols)
                && handshakeTimeout.equals(t.handshakeTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(verify, trustEnv, System.identityHashCode(sslContext), caBundle, clientCertChain,
                clientKey, clientKeyStore, alpnProtocols, handshakeTimeout);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("TlsSettings{verify=").append(verify);
        if (caBundle != null) {
            s.append(", caBundle=").append(caBundle);
        }
        if (sslContext != null) {
            s.append(", sslContext=").append(sslContext.getProtocol()).append('@')
                    .append(Integer.toHexString(System.identityHashCode(sslContext)));
        }
        if (clientCertChain != null) {
            s.append(", clientCertificate=").append(clientCertChain).append(", clientKey=").append(clientKey);
        }
        if (clientKeyStore != null) {
            s.append(", clientKeyStore=").append(clientKeyStore);
        }
        if (password != null) {
            s.append(", password=***");
        }
        return s.append(", trustEnv=").append(trustEnv).append(", alpn=").append(alpnProtocols)
                .append(", handshakeTimeout=").append(handshakeTimeout).append('}').toString();
    }

    /** Builds {@link TlsSettings}; every setter replaces what an earlier call set. */
    public static final class Builder {
        private boolean verify = true;
        private Pem.Source caBundle;
        private SSLContext sslContext;
        private Pem.Source clientCertChain;
        private Pem.Source clientKey;
        private Pem.Source clientKeyStore;
        private char[] password;
        private boolean trustEnv = true;
        private List<String> alpnProtocols = List.of("http/1.1");
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;

        private Builder() {}

        /** Whether to check the server's certificate and host name (default true). */
        public Builder verify(boolean verify) {
            this.verify = verify;
            return this;
        }

        /** Trust exactly the CAs in this PEM bundle instead of the system store (null: unset). */
        public Builder caBundle(byte[] pem) {
            this.caBundle = pem == null ? null : new Pem.Source("CA bundle", pem);
            return this;
        }

        /** Trust exactly the CAs in this PEM file; the path names the file in error messages. */
        public Builder caBundle(Path pemFile) {
            this.caBundle = read("CA bundle", pemFile);
            return this;
        }

        /** Use the caller's context as given for trust and client keys (null: unset). */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** A client certificate chain and its unencrypted private key, both PEM. */
        public Builder clientCertificate(byte[] certChainPem, byte[] privateKeyPem) {
            return clientCertificate(certChainPem, privateKeyPem, null);
        }

        /** A client certificate chain and its private key, both PEM; the password decrypts the key. */
        public Builder clientCertificate(byte[] certChainPem, byte[] privateKeyPem, char[] keyPassword) {
            Objects.requireNonNull(certChainPem, "certChainPem");
            Objects.requireNonNull(privateKeyPem, "privateKeyPem");
            return clientPem(new Pem.Source("client certificate", certChainPem),
                    new Pem.Source("client private key", privateKeyPem), keyPassword);
        }

        /** A client certificate chain file and its private key file, PEM; the paths name them in errors. */
        public Builder clientCertificate(Path certChainPem, Path privateKeyPem, char[] keyPassword) {
            return clientPem(read("client certificate", certChainPem), read("client private key", privateKeyPem),
                    keyPassword);
        }

        /** A client certificate and key from a PKCS#12 keystore. */
        public Builder clientKeyStore(byte[] pkcs12, char[] password) {
            Objects.requireNonNull(pkcs12, "pkcs12");
            this.clientKeyStore = new Pem.Source("client PKCS#12 keystore", pkcs12);
            this.clientCertChain = null;
            this.clientKey = null;
            this.password = password == null ? null : password.clone();
            return this;
        }

        /** No client certificate. */
        public Builder noClientCertificate() {
            this.clientCertChain = null;
            this.clientKey = null;
            this.clientKeyStore = null;
            this.password = null;
            return this;
        }

        /** Whether SSL_CERT_FILE and SSL_CERT_DIR may replace the system trust store (default true). */
        public Builder trustEnv(boolean trustEnv) {
            this.trustEnv = trustEnv;
            return this;
        }

        /** The protocols to offer by ALPN, most preferred first (default http/1.1 only: no ALPN). */
        public Builder alpnProtocols(List<String> protocols) {
            List<String> copy = List.copyOf(protocols);
            if (copy.isEmpty() || copy.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("alpnProtocols must be non-empty names: " + copy);
            }
            this.alpnProtocols = copy;
            return this;
        }

        /** How long the handshake may take (default 10 s); zero means no limit. */
        public Builder handshakeTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("handshakeTimeout must not be negative: " + timeout);
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException when an SSLContext is combined with a CA bundle, a client
         *     certificate or verify(false): the context decides trust and keys, so those would be ignored
         */
        public TlsSettings build() {
            if (sslContext != null) {
                if (caBundle != null) {
                    throw new IllegalArgumentException("sslContext and caBundle cannot be combined: "
                            + "the SSLContext's trust managers decide what is trusted");
                }
                if (clientCertChain != null || clientKeyStore != null) {
                    throw new IllegalArgumentException("sslContext and a client certificate cannot be combined: "
                            + "the SSLContext's key managers choose the client certificate");
                }
                if (!verify) {
                    throw new IllegalArgumentException("sslContext and verify(false) cannot be combined: "
                            + "the SSLContext's trust managers decide what is trusted");
                }
            }
            return new TlsSettings(this);
        }

        private Builder clientPem(Pem.Source chain, Pem.Source key, char[] keyPassword) {
            this.clientCertChain = chain;
            this.clientKey = key;
            this.clientKeyStore = null;
            this.password = keyPassword == null ? null : keyPassword.clone();
            return this;
        }

        private static Pem.Source read(String what, Path file) {
            try {
                return new Pem.Source(what + " " + file, Files.readAllBytes(file));
            } catch (IOException e) {
                throw new IllegalArgumentException(what + " " + file + " cannot be read: " + e, e);
            }
        }
    }

    /** SHA-256 of {@code bytes}: the identity of a PEM or PKCS#12 input. */
    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
