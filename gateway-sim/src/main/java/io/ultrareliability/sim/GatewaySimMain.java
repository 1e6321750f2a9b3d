package io.ultrareliability.sim;

/** Placeholder until the simulator lands (issue: gateway-sim). */
public final class GatewaySimMain {
    private GatewaySimMain() {
    }

    public static void main(String[] args) {
        System.err.println("gateway-sim: not built yet");
        System.exit(1);
    }
}
