package io.ultrareliability.bot.commands;

import static java.util.Objects.requireNonNull;

import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a slash command whether or not someone acknowledged it already (issue 17). A keeper
 * that saw no bot read the interaction in time defers it at Discord (type 5) and marks the
 * dispatch {@code "ur_deferred": true}; a second acknowledgement would fail with 40060, so such an
 * interaction is completed by editing {@code @original}. Unmarked ones are replied to, and a
 * 40060 (the keeper deferred it while this bot was slow to confirm) falls back to the same edit.
 */
final class InteractionAnswer {
    static final String DEFERRED_FIELD = "ur_deferred";
    private static final Logger LOG = LoggerFactory.getLogger(InteractionAnswer.class);

    private InteractionAnswer() {
    }

    static void send(SlashCommandInteractionEvent event, String text, boolean ephemeral) {
        requireNonNull(event, "event is null");
        requireNonNull(text, "text is null");
        String name = event.getName();
        if (deferredByKeeper(event.getRawData())) {
            editOriginal(event, text, name);
            return;
        }
        event.reply(text).setEphemeral(ephemeral).queue(ok -> LOG.info("Answered /{}", name), err -> {
            if (alreadyAcknowledged(err)) {
                editOriginal(event, text, name);
            } else {
                LOG.error("Could not send the answer to /{}", name, err);
            }
        });
    }

    /** The raw frame (JDA's event passthrough) or its {@code d} carries the keeper's mark. */
    static boolean deferredByKeeper(DataObject raw) {
        if (raw == null) {
            return false;
        }
        DataObject d = raw.isNull("d") || !raw.isType("d", net.dv8tion.jda.api.utils.data.DataType.OBJECT)
                ? raw : raw.getObject("d");
        return d.getBoolean(DEFERRED_FIELD, false);
    }

    static boolean alreadyAcknowledged(Throwable err) {
        return err instanceof ErrorResponseException e
                && e.getErrorResponse() == ErrorResponse.INTERACTION_ALREADY_ACKNOWLEDGED;
    }

    /** A hook of our own: the event's hook waits for an acknowledgement this bot never made. */
    private static void editOriginal(SlashCommandInteractionEvent event, String text, String name) {
        InteractionHook.from(event.getJDA(), event.getToken()).editOriginal(text)
                .queue(ok -> LOG.info("Answered /{} by editing the deferred response", name),
                        err -> LOG.error("Could not edit the deferred answer to /{}", name, err));
    }
}
