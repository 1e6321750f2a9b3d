package io.ultrareliability.keeper.state;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.ultrareliability.keeper.Jsons;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One guild frozen at an instant: a GUILD_CREATE (or unavailable GUILD_DELETE) body whose text
 * is built only when asked. Freezing copies references, not text: an entity's bytes are never
 * changed in place (an update stores new bytes), so the image stays true to its instant while
 * the live state moves on. That is what lets a bot's IDENTIFY burst be written without the
 * hub's lock (taking the images of 1,000 big guilds costs milliseconds, writing them seconds).
 */
public final class GuildImage {
    private final String type;
    private final byte[] base;
    private final List<byte[][]> collections;
    private final String fixedText;

    private GuildImage(String type, byte[] base, List<byte[][]> collections, String fixedText) {
        this.type = type;
        this.base = base;
        this.collections = collections;
        this.fixedText = fixedText;
    }

    /** An available guild: its scalar fields and, per {@link GuildSnapshot.Collection}, its entities. */
    static GuildImage create(byte[] base, List<byte[][]> collections) {
        return new GuildImage("GUILD_CREATE", requireNonNull(base, "base is null"),
                List.copyOf(requireNonNull(collections, "collections is null")), null);
    }

    /** A guild of the READY list without a snapshot (an outage): {@code {id, unavailable: true}}. */
    static GuildImage unavailable(long id) {
        return new GuildImage("GUILD_DELETE", null, List.of(),
                Jsons.text(Jsons.object().put("id", Long.toString(id)).put("unavailable", true)));
    }

    /** {@code GUILD_CREATE} or {@code GUILD_DELETE}. */
    public String type() {
        return type;
    }

    /** The body as JSON text; the stored entity bytes are copied raw (no re-parse of the members). */
    public String text() {
        if (fixedText != null) {
            return fixedText;
        }
        StringWriter out = new StringWriter(estimateChars());
        try (JsonGenerator g = Jsons.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            for (var e : Jsons.read(base).properties()) {
                writeField(g, e.getKey(), e.getValue());
            }
            GuildSnapshot.Collection[] kinds = GuildSnapshot.Collection.values();
            for (int i = 0; i < kinds.length; i++) {
                g.writeArrayFieldStart(kinds[i].field);
                for (byte[] entity : collections.get(i)) {
                    g.writeRawValue(new String(entity, StandardCharsets.UTF_8));
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeField(JsonGenerator g, String name, JsonNode value) throws IOException {
        g.writeFieldName(name);
        Jsons.MAPPER.writeTree(g, value);
    }

    private int estimateChars() {
        long bytes = base.length + 64L;
        for (byte[][] c : collections) {
            for (byte[] entity : c) {
                bytes += entity.length + 1;
            }
        }
        return (int) Math.min(Integer.MAX_VALUE - 16, Math.max(256, bytes));
    }
}
