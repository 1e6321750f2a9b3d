package io.ultrareliability.bot.commands;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.dv8tion.jda.api.utils.data.DataObject;
import org.junit.jupiter.api.Test;

class InteractionAnswerTest {
    @Test
    void theKeepersMarkIsReadFromTheRawFramesData() {
        assertTrue(InteractionAnswer.deferredByKeeper(DataObject.fromJson(
                "{\"op\":0,\"t\":\"INTERACTION_CREATE\",\"s\":3,\"d\":{\"ur_deferred\":true,\"id\":\"1\"}}")));
        assertTrue(InteractionAnswer.deferredByKeeper(DataObject.fromJson("{\"ur_deferred\":true,\"id\":\"1\"}")));
        assertFalse(InteractionAnswer.deferredByKeeper(DataObject.fromJson(
                "{\"op\":0,\"t\":\"INTERACTION_CREATE\",\"s\":3,\"d\":{\"id\":\"1\"}}")));
        assertFalse(InteractionAnswer.deferredByKeeper(DataObject.fromJson(
                "{\"op\":0,\"d\":{\"ur_deferred\":false}}")));
        assertFalse(InteractionAnswer.deferredByKeeper(null), "no passthrough: reply, and fall back on 40060");
    }
}
