package dev.courier.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The top of the command tree for the subcommands ({@code bench}, {@code serve}, {@code demo},
 * {@code help}). {@code courier --help} prints the request form's options and then these commands
 * (see {@link Main}); there is no {@code -h} here, since {@code -h} is the request form's
 * {@code --headers}.
 */
@Command(name = "courier", versionProvider = VersionProvider.class,
        description = {
            "An HTTP client for the terminal, on the Courier library.",
            "",
            "  courier [METHOD] URL [ITEM...]   send a request (courier --help lists its options)",
            "",
            "Request items: Header:Value  param==value  field=value  field:=raw-json  field@file"},
        footer = {"", "Exit codes: 0 ok, 1 request failed, 2 usage or timeout, 3/4/5 with --check-status, "
                + "6 too many redirects."})
final class TopCommand implements Runnable {
    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "Show the version.")
    boolean version;

    @Override
    public void run() {
        // `courier` with a subcommand runs that; `courier` alone prints the usage (see Main).
    }
}
