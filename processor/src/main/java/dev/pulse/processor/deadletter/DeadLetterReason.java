package dev.pulse.processor.deadletter;

import java.util.Locale;

/** Why a raw record went to the dead-letter topic: the value of the {@code pulse.dlq.reason} header. */
public enum DeadLetterReason {
    /** The record has no key (the key must be the engine id). */
    NULL_KEY,
    /** The record has no value (a tombstone means nothing on the raw topic). */
    NULL_VALUE,
    /** The value is not JSON at all. */
    INVALID_JSON,
    /** The value is JSON but not a raw reading: envelope fields missing or of the wrong type. */
    INVALID_READING,
    /** The reading's engine_id breaks the engine-id rule ({@code dev.pulse.common.model.EngineId}). */
    INVALID_ENGINE_ID,
    /** The key differs from the reading's engine_id. */
    KEY_MISMATCH,
    /** The collector could not map the engine's answer to the contract ({@code mapping_error}; the detail says why). */
    MAPPING_FAILED,
    /** The reading's payload breaks the engine API's rules (see pulse.dlq.fields / pulse.dlq.detail). */
    VALIDATION_FAILED,
    /**
     * A valid reading on another partition of the raw topic than its key's by the Java client's partitioner (murmur2):
     * its producer partitions otherwise (librdkafka's default, say), which would split the engine's state in two.
     */
    WRONG_PARTITION,
    /** A reading of a new engine while this processor instance already keeps PROCESSOR_MAX_ENGINES live engines. */
    ENGINE_LIMIT,
    /** Kafka Streams could not deserialize the record (cannot happen while the raw topic is read as bytes). */
    DESERIALIZATION_ERROR,
    /** A processor failed on the record: a bug, not bad data; the record is kept here for a replay. */
    PROCESSING_ERROR,
    /** The output derived from the record could not be written (e.g. too large); the input is kept here. */
    PRODUCTION_ERROR;

    /** The header value: lower case with dashes, e.g. {@code validation-failed}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
