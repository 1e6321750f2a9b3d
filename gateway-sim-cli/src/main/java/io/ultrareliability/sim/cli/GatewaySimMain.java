package io.ultrareliability.sim.cli;

/** {@code java -jar gateway-sim-cli.jar --port 0 --token T ...}: see {@link GatewaySimCommand}. */
public final class GatewaySimMain {
    private GatewaySimMain() {
    }

    public static void main(String[] args) {
        System.exit(GatewaySimCommand.run(args));
    }
}
