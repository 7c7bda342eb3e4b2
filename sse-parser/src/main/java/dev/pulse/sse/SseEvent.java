package dev.pulse.sse;

/** One Server-Sent Event as a client received it. */
public record SseEvent(String id, String event, String data) {}
