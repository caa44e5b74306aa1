package dev.courier.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder: replaced by the real command. */
@Command(name = "bench", mixinStandardHelpOptions = true)
final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return ExitCodes.OK;
    }
}
