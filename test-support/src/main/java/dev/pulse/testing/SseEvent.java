package dev.pulse.testing;

/** One Server-Sent Event as a client received it. */
public record SseEvent(String id, String event, String data) {}
