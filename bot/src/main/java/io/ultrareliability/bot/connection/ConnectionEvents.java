package io.ultrareliability.bot.connection;

/** What an instance's listener reports to the connection manager, tagged with its generation. */
public interface ConnectionEvents {
    void connected(int generation);

    void disconnected(int generation, int closeCode, boolean byServer);

    void shutDown(int generation, int closeCode);

    /** A heartbeat ACK or a dispatch arrived. */
    void activity(int generation);
}
