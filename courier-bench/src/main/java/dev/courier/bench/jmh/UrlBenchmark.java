package dev.courier.bench.jmh;

import dev.courier.Url;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** {@link Url#parse} for typical URLs, and {@link Url#resolve} of a redirect's Location or a link. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class UrlBenchmark {
    // Fields, not constants, so the JIT cannot fold the inputs.
    private String withQuery = "https://api.example.com:8443/v1/users/42/orders?page=2&sort=-created&fields=id,total";
    private String ipv4 = "http://192.168.10.20:8080/health/ready?verbose=1";
    private String idn = "https://bücher.example.de/katalog/neu?seite=3";
    private String relativeReference = "../images/logo.png?v=3";
    private String absoluteReference = "https://cdn.example.net/assets/app.js";
    private Url base = Url.parse("https://www.example.com/docs/guide/intro.html?lang=en");

    /** Scheme, host, explicit port, four path segments, three query params. */
    @Benchmark
    public Url parseWithQuery() {
        return Url.parse(withQuery);
    }

    /** An IPv4 host (parsed to its canonical dotted form) and a port. */
    @Benchmark
    public Url parseIpv4() {
        return Url.parse(ipv4);
    }

    /** An internationalised host, converted to its ASCII (punycode) form. */
    @Benchmark
    public Url parseIdn() {
        return Url.parse(idn);
    }

    /** A relative reference with dot segments and a query, against a base with a path and query. */
    @Benchmark
    public Url resolveRelative() {
        return base.resolve(relativeReference);
    }

    /** An absolute reference (a cross-origin redirect), which replaces the base. */
    @Benchmark
    public Url resolveAbsolute() {
        return base.resolve(absoluteReference);
    }
}
