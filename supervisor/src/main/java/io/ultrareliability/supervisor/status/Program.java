package io.ultrareliability.supervisor.status;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which supervised program a status section or restart entry is about (STATUS-SPEC.md, schema 2). */
public enum Program {
    BOT, KEEPER;

    /** {@code bot} or {@code keeper}: the {@code program} field of the status file. */
    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
