package dev.courier.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Holds the process-wide Jackson mapper used for JSON request bodies and {@code Response.json()}. */
public final class Json {
    // ObjectMapper is thread-safe once configured, and costly to build: one per process.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .findAndAddModules()
            .build();

    private Json() {}

    /** The shared mapper; never reconfigure it, copy it instead. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
