package dev.courier.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The near-limit references, run in the same rounds as the clients when installed: wrk for the
 * HTTP/1.1 scenarios (S1, S2, S4, S5) and h2load for the HTTP/2 ones (S3, S3c), one thread each,
 * at the scenario's concurrency. Each gets a warm-up run (discarded) and a timed run under
 * {@code /usr/bin/time -f "%U %S"} for its CPU time. Neither has a notion of S6.
 */
final class References {
    static final Path TIME = Path.of("/usr/bin/time");

    private References() {}

    /** The reference tool of a scenario, if any. */
    static Optional<String> toolFor(Scenario s) {
        return switch (s) {
            case S1, S2, S4, S5 -> Optional.of("wrk");
            case S3, S3c -> Optional.of("h2load");
            case S6 -> Optional.empty();
        };
    }

    /** True if {@code tool} and /usr/bin/time are installed. */
    static boolean available(String tool) {
        return Tools.which(tool).isPresent() && Files.isExecutable(TIME);
    }

    static String version(String tool) {
        String out = tool.equals("wrk") ? Tools.output(List.of("wrk", "-v")) : Tools.output(List.of("h2load", "--version"));
        return out.lines().findFirst().orElse(tool).replaceAll("\\s*Copyright.*", "").trim();
    }

    /** The command of a run lasting {@code seconds}. */
    static List<String> command(String tool, Scenario s, NginxServer server, long seconds, Path work) throws Exception {
        List<String> c = new ArrayList<>();
        if (tool.equals("wrk")) {
            c.addAll(List.of("wrk", "-t1", "-c" + s.concurrency, "-d" + seconds + "s", "--timeout", "30s", "--latency"));
            if (s.kind == Scenario.Kind.UPLOAD) {
                Path script = work.resolve("post.lua");
                Files.writeString(script, "wrk.method = \"POST\"\nwrk.body = string.rep(\"a\", " + Scenario.UPLOAD_BYTES
                        + ")\nwrk.headers[\"Content-Type\"] = \"application/octet-stream\"\n");
                c.addAll(List.of("-s", script.toString()));
            }
            c.add("http://127.0.0.1:" + server.httpPort + s.path);
        } else {
            String url = s.protocol == dev.courier.bench.peers.ClientConfig.Protocol.H2_TLS
                    ? "https://127.0.0.1:" + server.tlsPort + s.path
                    : "http://127.0.0.1:" + server.h2cPort + s.path;
            c.addAll(List.of("h2load", "-t1", "-c" + s.maxConnections, "-m" + s.concurrency, "-D", Long.toString(seconds), url));
        }
        return c;
    }

    /**
     * Parses a tool's output into a result; {@code cpu} is the "%U %S" line of /usr/bin/time.
     * Any failed request, socket error or non-2xx status becomes an error.
     */
    static Result parse(String tool, Scenario s, String out, String cpu) {
        Result r = new Result();
        r.client = tool;
        r.scenario = s.name();
        r.reference = true;
        r.errors = 0L;
        if (tool.equals("wrk")) {
            Matcher m = find("(\\d+) requests in ([\\d.]+)(\\w+), ([\\d.]+)(\\w+) read", out);
            r.requests = Long.parseLong(m.group(1));
            r.seconds = Double.parseDouble(m.group(2)) * seconds(m.group(3));
            r.reqPerSec = r.requests / r.seconds;
            if (s.kind == Scenario.Kind.DOWNLOAD) {
                r.bodyBytes = (long) (Double.parseDouble(m.group(4)) * binary(m.group(5)));
            } else if (s.kind == Scenario.Kind.UPLOAD) {
                r.bodyBytes = r.requests * Scenario.UPLOAD_BYTES;
            }
            Matcher p50 = Pattern.compile("\\s50%\\s+([\\d.]+)(\\w+)").matcher(out);
            if (p50.find()) {
                r.p50Us = Double.parseDouble(p50.group(1)) * seconds(p50.group(2)) * 1e6;
            }
            Matcher p99 = Pattern.compile("\\s99%\\s+([\\d.]+)(\\w+)").matcher(out);
            if (p99.find()) {
                r.p99Us = Double.parseDouble(p99.group(1)) * seconds(p99.group(2)) * 1e6;
            }
            Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
            if (non2xx.find()) {
                error(r, Long.parseLong(non2xx.group(1)), "non-2xx responses: " + non2xx.group(1));
            }
            Matcher socket = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(out);
            if (socket.find()) {
                long n = 0;
                for (int i = 1; i <= 4; i++) {
                    n += Long.parseLong(socket.group(i));
                }
                error(r, n, socket.group());
            }
        } else {
            Matcher fin = find("finished in ([\\d.]+)(\\w+), ([\\d.]+) req/s", out);
            r.seconds = Double.parseDouble(fin.group(1)) * seconds(fin.group(2));
            Matcher req = find("requests: (\\d+) total, (\\d+) started, (\\d+) done, (\\d+) succeeded, (\\d+) failed, "
                    + "(\\d+) errored, (\\d+) timeout", out);
            r.requests = Long.parseLong(req.group(3));
            r.reqPerSec = r.requests / r.seconds;
            long failed = Long.parseLong(req.group(5)) + Long.parseLong(req.group(6)) + Long.parseLong(req.group(7));
            if (failed > 0) {
                error(r, failed, req.group());
            }
            Matcher status = find("status codes: (\\d+) 2xx, (\\d+) 3xx, (\\d+) 4xx, (\\d+) 5xx", out);
            long bad = Long.parseLong(status.group(2)) + Long.parseLong(status.group(3)) + Long.parseLong(status.group(4));
            if (bad > 0) {
                error(r, bad, status.group());
            }
            if (r.requests == 0) {
                error(r, 1, "no request completed");
            }
            Matcher mean = Pattern.compile("time for request:\\s+\\S+\\s+\\S+\\s+([\\d.]+)(\\w+)").matcher(out);
            if (mean.find()) {
                r.meanUs = Double.parseDouble(mean.group(1)) * seconds(mean.group(2)) * 1e6;
            }
        }
        if (r.bodyBytes != null) {
            r.mibPerSec = r.bodyBytes / (double) (1 << 20) / r.seconds;
        }
        String[] f = cpu.strip().split("\\s+");
        r.cpuUserUs = Double.parseDouble(f[0]) * 1e6;
        r.cpuSysUs = Double.parseDouble(f[1]) * 1e6;
        double cpuUs = r.cpuUserUs + r.cpuSysUs;
        if (r.requests > 0) {
            r.cpuUsPerReq = cpuUs / r.requests;
        }
        if (s.kind == Scenario.Kind.DOWNLOAD && r.bodyBytes != null && r.bodyBytes > 0) {
            r.cpuUsPerMiB = cpuUs / (r.bodyBytes / (double) (1 << 20));
        }
        return r;
    }

    private static void error(Result r, long n, String message) {
        if (n > 0) {
            r.errors += n;
            if (r.error == null) {
                r.error = message;
            }
        }
    }

    private static Matcher find(String regex, String out) {
        Matcher m = Pattern.compile(regex).matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("Unexpected output (no match for /" + regex + "/):\n" + out);
        }
        return m;
    }

    private static double seconds(String unit) {
        return switch (unit) {
            case "us" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            case "m" -> 60;
            case "h" -> 3600;
            default -> throw new IllegalArgumentException("time unit " + unit);
        };
    }

    /** wrk's byte units, powers of 1024. */
    private static double binary(String unit) {
        return switch (unit) {
            case "B" -> 1;
            case "KB" -> 1L << 10;
            case "MB" -> 1L << 20;
            case "GB" -> 1L << 30;
            case "TB" -> 1L << 40;
            default -> throw new IllegalArgumentException("byte unit " + unit);
        };
    }
}
