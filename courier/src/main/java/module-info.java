/**
 * Courier: an asynchronous HTTP client.
 *
 * <p>Only the API packages are exported; everything under {@code dev.courier.internal} may change
 * without notice.
 */
module dev.courier {
    requires transitive com.fasterxml.jackson.databind;

    exports dev.courier;
    exports dev.courier.auth;
    exports dev.courier.transport;
}
