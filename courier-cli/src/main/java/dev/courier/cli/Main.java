package dev.courier.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.Set;
import picocli.CommandLine;

/**
 * The {@code courier} command: {@code courier [METHOD] URL [ITEM...]} sends one request (httpie's
 * request-item syntax), and the subcommands {@code bench}, {@code serve} and {@code demo} run a load
 * test, the embedded test server and the tour of the library.
 *
 * <pre>
 * courier demo
 * courier httpbin.org/get q==search X-Trace:1
 * courier POST localhost:8080/post name=courier stars:=5
 * courier bench http://127.0.0.1:8080/get -c 64 -d 10s
 * </pre>
 *
 * Exit codes: 0 success; 1 the request failed (connection, TLS, protocol); 2 a usage error or a
 * timeout; 3, 4, 5 a 3xx, 4xx or 5xx response under {@code --check-status}; 6 too many redirects;
 * 130 interrupted.
 */
public final class Main {
    private static final Set<String> SUBCOMMANDS = Set.of("bench", "serve", "demo", "help");
    private static final String COMMANDS_SECTION = "courierCommands";

    private Main() {}

    public static void main(String[] args) {
        int code = run(args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /**
     * Netty's own log lines (a peer's failed TLS handshake under {@code courier serve}, say) are
     * stack traces on the terminal; the command reports failures itself. Held here because
     * java.util.logging keeps loggers weakly.
     */
    private static final Logger NETTY_LOG = Logger.getLogger("io.netty");

    /** Runs the command line and returns its exit code, without exiting. */
    public static int run(String... args) {
        if (!List.of(args).contains("--debug")) {
            NETTY_LOG.setLevel(Level.OFF);
        }
        if (args.length == 0 || args.length == 1 && (args[0].equals("--help") || args[0].equals("help"))) {
            // The request form is what people run most, so its options come first, then the commands.
            requestForm().usage(System.out);
            return ExitCodes.OK;
        }
        CommandLine line;
        if (SUBCOMMANDS.contains(args[0]) || args.length == 1 && args[0].equals("--version")) {
            line = topLevel();
        } else {
            // The request form has no subcommand name: `courier [METHOD] URL [ITEM...]`.
            line = requestForm();
        }
        return line.execute(args);
    }

    private static CommandLine requestForm() {
        CommandLine line = new CommandLine(new RequestCommand());
        configure(line);
        line.getHelpSectionMap().put(COMMANDS_SECTION, help -> "%nCommands:%n".formatted()
                + topLevel().getHelp().commandList()
                + "  Run courier COMMAND --help for a command's options.%n".formatted());
        List<String> keys = new ArrayList<>(line.getHelpSectionKeys());
        keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), COMMANDS_SECTION);
        line.setHelpSectionKeys(keys);
        return line;
    }

    private static CommandLine topLevel() {
        CommandLine line = new CommandLine(new TopCommand());
        line.addSubcommand("bench", new BenchCommand());
        line.addSubcommand("serve", new ServeCommand());
        line.addSubcommand("demo", new DemoCommand());
        line.addSubcommand("help", new CommandLine.HelpCommand());
        configure(line);
        return line;
    }

    private static void configure(CommandLine line) {
        // `@file` is a request item (the body from a file) and bench's --body, not one of picocli's
        // argument files.
        line.setExpandAtFiles(false);
        FailureReporter reporter = new FailureReporter();
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setUsageHelpAutoWidth(true);
        line.setExecutionExceptionHandler(reporter);
        line.setParameterExceptionHandler(reporter);
    }
}
