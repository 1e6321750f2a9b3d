package io.ultrareliability.keeper;

import io.ultrareliability.keeper.upstream.GatewayBotClient;
import java.io.IOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar gateway-keeper.jar}: configuration from the environment, one line and exit 78
 * on bad configuration or a rejected token, exit 1 when it cannot start otherwise. Writes
 * {@code run/keeper.port} once listening (so port 0 is usable), removes it on the way out.
 */
public final class KeeperMain {
    public static final String PORT_FILE = "keeper.port";
    static final int EX_CONFIG = 78;

    private KeeperMain() {
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            System.err.println("gateway-keeper: takes no arguments (configuration comes from the environment,"
                    + " see docs/keeper.md)");
            System.exit(2);
        }
        Map<String, String> env = System.getenv();
        KeeperDemo demo = null;
        try {
            if (KeeperDemo.requested(env)) {
                demo = KeeperDemo.start(env);
                env = demo.environment(env);
                System.err.println("gateway-keeper: DEMO MODE: holding a session with the built-in Discord simulator on"
                        + " 127.0.0.1:" + demo.port() + " (token demo-token), not with Discord");
            }
        } catch (KeeperConfigException e) {
            System.err.println("gateway-keeper: " + e.getMessage());
            System.exit(EX_CONFIG);
            return;
        } catch (RuntimeException e) {
            System.err.println("gateway-keeper: cannot start the demo simulator: " + describe(e)
                    .replace("(KEEPER_PORT)", "(KEEPER_DEMO_SIM_PORT)"));
            System.exit(1);
            return;
        }
        KeeperConfig config;
        try {
            config = KeeperConfig.fromEnv(env);
        } catch (KeeperConfigException e) {
            System.err.println("gateway-keeper: " + e.getMessage());
            System.exit(EX_CONFIG);
            return;
        }
        io.ultrareliability.keeper.store.StoreConfig storeConfig;
        try {
            storeConfig = io.ultrareliability.keeper.store.StoreConfig.fromEnv(env, config.runDir());
        } catch (KeeperConfigException e) {
            System.err.println("gateway-keeper: " + e.getMessage());
            System.exit(EX_CONFIG);
            return;
        }
        CountDownLatch stop = new CountDownLatch(1);
        int[] exit = {0};
        Keeper keeper;
        try {
            keeper = Keeper.start(config, storeConfig, reason -> {
                System.err.println("gateway-keeper: " + reason);
                exit[0] = EX_CONFIG;
                stop.countDown();
            });
        } catch (GatewayBotClient.InvalidTokenException e) {
            System.err.println("gateway-keeper: " + e.getMessage());
            System.exit(EX_CONFIG);
            return;
        } catch (Exception e) {
            System.err.println("gateway-keeper: cannot start: " + describe(e));
            System.exit(1);
            return;
        }
        keeper.onStopRequested(stop::countDown);
        Path portFile = config.runDir().resolve(PORT_FILE);
        try {
            Path tmp = config.runDir().resolve(PORT_FILE + ".tmp");
            Files.writeString(tmp, keeper.port() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            System.err.println("gateway-keeper: cannot write " + portFile + ": " + e.getMessage());
        }
        KeeperDemo sim = demo;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            keeper.close();
            if (sim != null) {
                sim.close(); // after the keeper: its last close reaches the simulator
            }
            try {
                Files.deleteIfExists(portFile);
            } catch (IOException ignored) {
                // best effort on the way out
            }
        }, "keeper-shutdown"));
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(exit[0]);
    }

    private static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Failed to bind")) {
                return "the port is already in use (KEEPER_PORT)";
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
