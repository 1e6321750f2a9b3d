package io.ultrareliability.supervisor;

import io.ultrareliability.supervisor.cli.UltraReliabilityCommand;

/** Entry point of {@code scripts/ultra-reliability}. */
public final class UltraReliabilityMain {
    private UltraReliabilityMain() {
    }

    public static void main(String[] args) {
        System.exit(UltraReliabilityCommand.newCommandLine().execute(args));
    }
}
