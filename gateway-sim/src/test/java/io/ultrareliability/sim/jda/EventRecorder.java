package io.ultrareliability.sim.jda;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.annotation.Nonnull;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.hooks.EventListener;

/** Keeps every event JDA fires, for assertions. */
public final class EventRecorder implements EventListener {
    private final List<GenericEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(@Nonnull GenericEvent event) {
        events.add(event);
    }

    public <T extends GenericEvent> List<T> all(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public long count(Class<? extends GenericEvent> type) {
        return events.stream().filter(type::isInstance).count();
    }
}
