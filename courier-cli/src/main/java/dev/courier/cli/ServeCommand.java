package dev.courier.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder. */
@Command(name = "serve", mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return ExitCodes.OK;
    }
}
