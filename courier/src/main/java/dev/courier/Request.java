package dev.courier;

/** Placeholder: replaced by the real Request. */
public final class Request {}
