package io.ultrareliability.sim;

import io.ultrareliability.sim.cli.GatewaySimCommand;

/** {@code java -jar gateway-sim.jar --port 0 --token T ...}: see {@link GatewaySimCommand}. */
public final class GatewaySimMain {
    private GatewaySimMain() {
    }

    public static void main(String[] args) {
        System.exit(GatewaySimCommand.run(args));
    }
}
