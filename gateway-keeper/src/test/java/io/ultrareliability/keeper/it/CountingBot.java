package io.ultrareliability.keeper.it;

import java.util.EnumSet;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.RawGatewayEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.events.session.SessionResumeEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;

/**
 * A real JDA bot as its own process for the durability ITs: gateway at the keeper
 * ({@code BOT_GATEWAY}), REST at the simulator ({@code BOT_API}), token from {@code DISCORD_TOKEN}.
 * Prints one stdout line per message ({@code GOT m <content>}) and interaction ({@code GOT i <name>})
 * it reads, plus {@code READY} and {@code RESUMED}: the test counts from the output.
 */
public final class CountingBot {
    private CountingBot() {
    }

    public static void main(String[] args) {
        String gateway = System.getenv("BOT_GATEWAY");
        ConcurrentSessionController controller = new ConcurrentSessionController() {
            @Override
            public String getGateway() {
                return gateway;
            }
        };
        EventListener listener = (GenericEvent event) -> {
            if (event instanceof ReadyEvent) {
                out("READY");
            } else if (event instanceof SessionResumeEvent) {
                out("RESUMED");
            } else if (event instanceof RawGatewayEvent raw) {
                if (raw.getType().equals("MESSAGE_CREATE")) {
                    out("GOT m " + raw.getPayload().getString("content", ""));
                } else if (raw.getType().equals("INTERACTION_CREATE")) {
                    out("GOT i " + raw.getPayload().getObject("data").getString("name", ""));
                }
            }
        };
        JDABuilder.createLight(System.getenv("DISCORD_TOKEN"), EnumSet.of(GatewayIntent.GUILD_MESSAGES))
                .setSessionController(controller)
                .setRestConfig(new RestConfig().setBaseUrl(System.getenv("BOT_API") + "/"))
                .setCompression(Compression.NONE)
                .setRawEventsEnabled(true)
                .addEventListeners(listener)
                .build();
    }

    private static synchronized void out(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
