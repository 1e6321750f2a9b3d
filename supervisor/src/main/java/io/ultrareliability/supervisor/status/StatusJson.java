package io.ultrareliability.supervisor.status;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The status document's JSON (design.md, "Files"): {@link StatusSnapshot} through one mapper.
 * Names come from the records (snake_case); instants are ISO-8601 strings
 * ({@link Instant#toString()}), read back with {@link Instant#parse}. Unknown fields are ignored
 * when reading, so a CLI reads the file of a newer supervisor.
 */
public final class StatusJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule("iso-instants")
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addDeserializer(Instant.class, new IsoInstant()))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StatusJson() {
    }

    public static ObjectNode toJson(StatusSnapshot s) {
        return MAPPER.valueToTree(s);
    }

    public static byte[] bytes(StatusSnapshot s) {
        try {
            return MAPPER.writeValueAsBytes(s);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render status JSON", e);
        }
    }

    /** A status file's content; IOException when it is not a status document. */
    public static StatusSnapshot read(byte[] json) throws IOException {
        StatusSnapshot s = MAPPER.readValue(json, StatusSnapshot.class);
        if (s == null) {
            throw new IOException("not a status document: null");
        }
        return s;
    }

    /** Configured for the status document (ISO instants, indented); for its readers and writers only. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Jackson without jackson-datatype-jsr310: {@link Instant#parse}, the inverse of {@link Instant#toString()}. */
    private static final class IsoInstant extends StdScalarDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        IsoInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            if (text == null) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            try {
                return Instant.parse(text.strip());
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 instant");
            }
        }
    }
}
