/**
 * A client for JSON REST APIs on top of {@link dev.courier.AsyncClient}: {@link dev.courier.service.ServiceClient},
 * its {@link dev.courier.service.ApiResponse}, and an {@link dev.courier.service.ApiException} per
 * error status.
 *
 * <pre>{@code
 * try (ServiceClient api = ServiceClient.builder("https://api.example.com/v1").authToken(token).build()) {
 *     JsonNode user = api.get("/users/1").join().data();
 * }
 * }</pre>
 */
package dev.courier.service;
