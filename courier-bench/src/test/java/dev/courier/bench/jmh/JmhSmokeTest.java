package dev.courier.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Keeps the JMH microbenchmarks compiling and running: each once, in this JVM (no fork), with one
 * warm-up and one measurement iteration of 100 ms and the GC profiler. It checks that every
 * benchmark ran without error, never how fast: CI machines vary too much for that.
 */
class JmhSmokeTest {
    @Test
    @Timeout(60)
    void everyBenchmarkRunsOnce() throws RunnerException {
        // JMH refuses to start while another JMH run holds its lock file (another build on the same
        // machine); a smoke run measures nothing, so it need not wait for that.
        System.setProperty("jmh.ignoreLock", "true");
        Options options = new OptionsBuilder()
                .include(Microbenchmarks.ALL)
                .forks(0)
                .warmupIterations(1)
                .warmupTime(TimeValue.milliseconds(100))
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();

        Collection<RunResult> results = new Runner(options).run();

        Set<String> expected = new TreeSet<>();
        for (BenchmarkListEntry entry : BenchmarkList.defaultList().find(
                OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT),
                List.of(Microbenchmarks.ALL), List.of())) {
            expected.add(entry.getUsername());
        }
        Set<String> ran = new TreeSet<>();
        for (RunResult result : results) {
            ran.add(result.getParams().getBenchmark());
            assertFalse(result.getBenchmarkResults().isEmpty(), result.getParams().getBenchmark());
        }
        assertFalse(expected.isEmpty(), "no benchmarks found: is the JMH annotation processor running?");
        assertEquals(expected, ran);
    }
}
