package dev.courier.bench.jmh;

import java.util.List;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs Courier's JMH microbenchmarks with the GC profiler, so every result carries
 * {@code gc.alloc.rate.norm} (bytes allocated per operation). Arguments are JMH's own command line
 * ({@code -h} lists them); whatever they leave out takes these defaults: every benchmark of this
 * package, 1 fork, 5 warm-up and 5 measurement iterations of 1 s, a fixed 512 MB heap and Netty's
 * leak detection off in the forked JVM. Example: {@code Microbenchmarks Url -i 10 -rf json}.
 * See README-jmh.md.
 */
public final class Microbenchmarks {
    /** Every benchmark of this package. */
    public static final String ALL = "dev\\.courier\\.bench\\.jmh\\..*";

    private Microbenchmarks() {}

    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        if (cli.shouldHelp()) {
            cli.showHelp();
            return;
        }
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(ALL);
        }
        if (!cli.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!cli.getWarmupIterations().hasValue()) {
            options.warmupIterations(5);
        }
        if (!cli.getWarmupTime().hasValue()) {
            options.warmupTime(TimeValue.seconds(1));
        }
        if (!cli.getMeasurementIterations().hasValue()) {
            options.measurementIterations(5);
        }
        if (!cli.getMeasurementTime().hasValue()) {
            options.measurementTime(TimeValue.seconds(1));
        }
        if (!cli.getJvmArgsAppend().hasValue()) {
            // Leak detection samples buffers (and records stacks) in production's default mode:
            // off here so the allocation figures are the code's own.
            options.jvmArgsAppend("-Xms512m", "-Xmx512m", "-Dio.netty.leakDetection.level=disabled");
        }
        boolean hasGc = cli.getProfilers().stream().anyMatch(p -> List.of("gc", GCProfiler.class.getName())
                .contains(p.getKlass()));
        if (!hasGc) {
            options.addProfiler(GCProfiler.class);
        }
        Runner runner = new Runner(options.build());
        if (cli.shouldList()) {
            runner.list();
        } else {
            runner.run();
        }
    }
}
