package dev.courier.cli;

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

    private Main() {}

    public static void main(String[] args) {
        int code = run(args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs the command line and returns its exit code, without exiting. */
    public static int run(String... args) {
        CommandLine line;
        String[] rest = args;
        if (args.length > 0 && SUBCOMMANDS.contains(args[0])) {
            line = topLevel();
        } else if (args.length == 1 && (args[0].equals("--help") || args[0].equals("--version"))) {
            line = topLevel();
        } else if (args.length == 0) {
            line = topLevel();
            rest = new String[] {"--help"};
        } else {
            // The request form has no subcommand name: `courier [METHOD] URL [ITEM...]`.
            line = new CommandLine(new RequestCommand());
        }
        configure(line);
        return line.execute(rest);
    }

    private static CommandLine topLevel() {
        CommandLine line = new CommandLine(new TopCommand());
        line.addSubcommand("bench", new BenchCommand());
        line.addSubcommand("serve", new ServeCommand());
        line.addSubcommand("demo", new DemoCommand());
        line.addSubcommand("help", new CommandLine.HelpCommand());
        return line;
    }

    private static void configure(CommandLine line) {
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setUsageHelpAutoWidth(true);
        line.setExecutionExceptionHandler(new FailureReporter());
    }
}
