package io.ultrareliability.sim;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A message the bot sent: a channel message, an interaction reply or a webhook follow-up. */
public record PostedMessage(String channelId, String content, Instant at) {
    public PostedMessage {
        requireNonNull(channelId, "channelId is null");
        requireNonNull(content, "content is null");
        requireNonNull(at, "at is null");
    }
}
