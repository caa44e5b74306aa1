package dev.courier.cli;

import picocli.CommandLine.Command;

/** The top of the command tree; its usage text lists the request form and the subcommands. */
@Command(name = "courier", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "An HTTP client for the terminal, on the Courier library.",
            "",
            "  courier [METHOD] URL [ITEM...]   send a request (courier --help-request for its options)",
            "",
            "Request items: Header:Value  param==value  field=value  field:=raw-json  field@file"},
        footer = {"", "Exit codes: 0 ok, 1 request failed, 2 usage or timeout, 3/4/5 with --check-status, "
                + "6 too many redirects."})
final class TopCommand implements Runnable {
    @Override
    public void run() {
        // `courier` with a subcommand runs that; `courier` alone prints the usage (see Main).
    }
}
