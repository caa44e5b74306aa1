package dev.courier;

/** Placeholder: replaced by the real Response. */
public final class Response {}
