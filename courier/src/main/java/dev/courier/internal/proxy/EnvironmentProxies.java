package dev.courier.internal.proxy;

import dev.courier.InvalidUrlException;
import dev.courier.Proxy;
import dev.courier.Url;
import dev.courier.internal.Environment;
import dev.courier.internal.SafeText;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The proxies the environment asks for ({@code http_proxy}, {@code https_proxy}, {@code all_proxy},
 * {@code no_proxy}), read once so that every request is routed by the same settings.
 *
 * <p>The rules, curl's unless said otherwise:
 * <ul>
 *   <li>http URLs use {@code http_proxy}, https URLs {@code https_proxy}; either falls back to
 *       {@code all_proxy}, which other schemes use alone.
 *   <li>Each variable is read lower case first, then upper case ({@code HTTPS_PROXY}). An empty or
 *       blank value counts as unset, so an empty {@code http_proxy} lets {@code HTTP_PROXY} through.
 *   <li>Under CGI ({@code REQUEST_METHOD} set) upper-case {@code HTTP_PROXY} is ignored: the server
 *       fills it from the request's {@code Proxy:} header, so a client could pick our proxy ("httpoxy",
 *       Go issue 16405). Lower case {@code http_proxy} cannot be forged that way and is still honoured.
 *       curl never reads {@code HTTP_PROXY} at all; Go and Python read it outside CGI, as Courier does.
 *   <li>A value without a scheme ({@code proxy.internal:3128}) is an http proxy. Its userinfo
 *       ({@code user:pass@}) becomes the proxy's credentials, sent only to that proxy.
 *   <li>{@code no_proxy} ({@link NoProxy}) applies to every scheme and wins over the proxy variables.
 * </ul>
 *
 * <p>A value that is not a proxy URL is an error, not a silent direct connection: the message names
 * the variable and shows the value with its password masked.
 *
 * <pre>{@code
 * EnvironmentProxies env = EnvironmentProxies.read(Environment.system());
 * // https_proxy=http://u:secret@proxy.internal:3128  no_proxy=.internal.test
 * env.proxyFor(Url.parse("https://example.com/"));          // Proxy[http://u:****@proxy.internal:3128]
 * env.proxyFor(Url.parse("https://svc.internal.test/"));    // null: connect directly
 * }</pre>
 */
public final class EnvironmentProxies {
    /** A scheme and "://"; a "://" after any other character may sit in a password. */
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://");

    private final Proxy http;
    private final Proxy https;
    private final Proxy all;
    private final NoProxy noProxy;

    private EnvironmentProxies(Proxy http, Proxy https, Proxy all, NoProxy noProxy) {
        this.http = http;
        this.https = https;
        this.all = all;
        this.noProxy = noProxy;
    }

    /**
     * Reads the proxy variables from {@code env}.
     *
     * @throws IllegalArgumentException when a proxy variable holds no valid proxy URL
     */
    public static EnvironmentProxies read(Environment env) {
        Objects.requireNonNull(env, "env");
        boolean cgi = value(env, "REQUEST_METHOD") != null;
        Proxy all = proxy(env, "all_proxy", "ALL_PROXY");
        Proxy http = cgi ? proxy(env, "http_proxy", null) : proxy(env, "http_proxy", "HTTP_PROXY");
        Proxy https = proxy(env, "https_proxy", "HTTPS_PROXY");
        String noProxy = value(env, "no_proxy");
        return new EnvironmentProxies(http != null ? http : all, https != null ? https : all, all,
                NoProxy.parse(noProxy != null ? noProxy : value(env, "NO_PROXY")));
    }

    /** The proxy for {@code url}, or null when it is to be reached directly. */
    public Proxy proxyFor(Url url) {
        Proxy proxy = switch (url.scheme()) {
            case "http" -> http;
            case "https" -> https;
            default -> all;
        };
        return proxy == null || noProxy.matches(url.host(), url.port()) ? null : proxy;
    }

    /** Tells whether the environment names no proxy at all. */
    public boolean isEmpty() {
        return http == null && https == null && all == null;
    }

    /** The NO_PROXY list. */
    public NoProxy noProxy() {
        return noProxy;
    }

    /** The proxies and NO_PROXY list, passwords masked. */
    @Override
    public String toString() {
        return "EnvironmentProxies[http=" + http + ", https=" + https + ", all=" + all + ", noProxy=" + noProxy + "]";
    }

    /** The proxy named by {@code lower}, else by {@code upper} (when not null), else null. */
    private static Proxy proxy(Environment env, String lower, String upper) {
        String value = value(env, lower);
        String name = lower;
        if (value == null && upper != null) {
            value = value(env, upper);
            name = upper;
        }
        return value == null ? null : parse(name, value);
    }

    /** The variable's value, or null when unset or blank. */
    private static String value(Environment env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    private static Proxy parse(String name, String value) {
        try {
            return toProxy(value);
        } catch (RuntimeException e) {
            // Neither the message nor the cause is passed on: both may quote the password.
            String masked = maskPassword(value);
            throw new IllegalArgumentException("Invalid proxy URL in environment variable " + name + "="
                    + SafeText.quote(masked, 200) + ": " + reasonFor(masked));
        }
    }

    private static Proxy toProxy(String value) {
        String url = value.strip();
        // Without a scheme, "proxy.internal:3128" would parse as scheme "proxy.internal" and an opaque path.
        return Proxy.of(SCHEME.matcher(url).lookingAt() ? url : "http://" + url);
    }

    /**
     * Why {@code masked} fails to parse. The masked value is parsed again so that the reason can only
     * quote {@code ****}; when it parses, the fault was in the password.
     */
    private static String reasonFor(String masked) {
        try {
            toProxy(masked);
            return "malformed user name or password";
        } catch (InvalidUrlException e) {
            return e.reason();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /**
     * {@code value} with everything between the userinfo's first {@code :} and the last {@code @}
     * replaced by {@code ****}. The last {@code @} anywhere, not just in the authority, is taken: a
     * password holding {@code /} or {@code @} is masked whole, at worst with some of the host.
     */
    private static String maskPassword(String value) {
        String url = value.strip();
        Matcher scheme = SCHEME.matcher(url);
        int start = scheme.lookingAt() ? scheme.end() : 0;
        int at = url.lastIndexOf('@');
        int colon = url.indexOf(':', start);
        if (at < start || colon < 0 || colon > at) {
            return url;
        }
        return url.substring(0, colon + 1) + "****" + url.substring(at);
    }
}
