package io.ultrareliability.bot;

/** Placeholder until the bot lands (issue: bot). */
public final class BotMain {
    private BotMain() {
    }

    public static void main(String[] args) {
        System.err.println("bot: not built yet");
        System.exit(1);
    }
}
