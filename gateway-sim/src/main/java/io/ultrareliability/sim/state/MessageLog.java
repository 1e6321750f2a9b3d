package io.ultrareliability.sim.state;

import io.ultrareliability.sim.PostedMessage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last messages the bot posted, oldest first, bounded. */
public final class MessageLog {
    public static final int CAPACITY = 50;

    private final Deque<PostedMessage> messages = new ArrayDeque<>();

    public synchronized void add(PostedMessage message) {
        if (messages.size() == CAPACITY) {
            messages.removeFirst();
        }
        messages.addLast(message);
    }

    public synchronized List<PostedMessage> snapshot() {
        return List.copyOf(messages);
    }

    public synchronized void clear() {
        messages.clear();
    }
}
