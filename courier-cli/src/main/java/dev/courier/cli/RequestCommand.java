package dev.courier.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder: replaced by the real command. */
@Command(name = "courier")
final class RequestCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return ExitCodes.OK;
    }
}
