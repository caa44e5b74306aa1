package dev.courier.internal.client;

import dev.courier.Request;
import dev.courier.UnsupportedProtocolException;
import dev.courier.transport.Transport;
import dev.courier.transport.UrlPattern;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the transport for each request: the most specific matching mount, else the client's
 * default transport (httpx's {@code _transport_for_url}).
 */
public final class Mounts {
    private static final Set<String> HTTP_SCHEMES = Set.of("http", "https");

    /** A pattern and its transport; a null transport routes the pattern to the default one. */
    private record Mount(UrlPattern pattern, Transport transport) {}

    private final List<Mount> mounts;
    private final Transport defaultTransport;

    /**
     * @param mounts patterns to transports; a null transport sends that pattern's URLs to the default
     * @param defaultTransport the transport for everything else
     */
    public Mounts(Map<UrlPattern, Transport> mounts, Transport defaultTransport) {
        List<Mount> sorted = new ArrayList<>();
        mounts.forEach((pattern, transport) -> sorted.add(new Mount(pattern, transport)));
        sorted.sort(Comparator.comparing(Mount::pattern, UrlPattern.SPECIFIC_FIRST));
        this.mounts = List.copyOf(sorted);
        this.defaultTransport = java.util.Objects.requireNonNull(defaultTransport, "defaultTransport");
    }

    /**
     * The transport for {@code request}.
     *
     * @throws UnsupportedProtocolException when no mount matches a non-HTTP scheme
     */
    public Transport transportFor(Request request) {
        for (Mount mount : mounts) {
            if (mount.pattern().matches(request.url())) {
                return mount.transport() != null ? mount.transport() : defaultTransport;
            }
        }
        if (!HTTP_SCHEMES.contains(request.url().scheme())) {
            throw new UnsupportedProtocolException("Request URL has an unsupported protocol '" + request.url().scheme()
                    + "://': only http and https are sent, unless a transport is mounted for the scheme", request);
        }
        return defaultTransport;
    }

    /** Every distinct transport, for closing them with the client. */
    public List<Transport> all() {
        Set<Transport> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Transport> out = new ArrayList<>();
        if (seen.add(defaultTransport)) {
            out.add(defaultTransport);
        }
        for (Mount mount : mounts) {
            if (mount.transport() != null && seen.add(mount.transport())) {
                out.add(mount.transport());
            }
        }
        return out;
    }
}
