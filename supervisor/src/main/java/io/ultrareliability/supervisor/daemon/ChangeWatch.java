package io.ultrareliability.supervisor.daemon;

import io.ultrareliability.common.BotContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A fingerprint (modification times and sizes) of the config file and the token sources
 * the bot reads: a change lets a {@code fatal} child try again without a human.
 */
final class ChangeWatch implements Supplier<String> {
    private final List<Path> files = new ArrayList<>();

    ChangeWatch(Path configFile, Map<String, String> env) {
        files.add(configFile);
        String tokenFile = env.get(BotContract.DISCORD_TOKEN_FILE);
        if (tokenFile != null && !tokenFile.isBlank()) {
            files.add(Path.of(tokenFile));
        }
        String creds = env.get(BotContract.CREDENTIALS_DIRECTORY);
        if (creds != null && !creds.isBlank()) {
            files.add(Path.of(creds, BotContract.TOKEN_CREDENTIAL));
        }
    }

    @Override
    public String get() {
        StringBuilder sb = new StringBuilder();
        for (Path p : files) {
            sb.append(p).append('=');
            try {
                sb.append(Files.getLastModifiedTime(p).toMillis()).append('/').append(Files.size(p));
            } catch (IOException e) {
                sb.append("absent");
            }
            sb.append(';');
        }
        return sb.toString();
    }
}
