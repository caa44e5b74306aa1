package dev.courier.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: Courier's version and the Java runtime it runs on. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {
            "courier " + (version == null ? "dev" : version),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ")"};
    }
}
