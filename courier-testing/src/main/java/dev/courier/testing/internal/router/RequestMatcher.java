package dev.courier.testing.internal.router;

import dev.courier.Request;

/**
 * One condition a route puts on a request (its method, URL, a query parameter, a header, its JSON
 * body); a route matches when all of its conditions hold.
 */
public interface RequestMatcher {
    /** True when {@code request} meets this condition. */
    boolean matches(Request request);

    /** The condition as it reads in failure messages, such as {@code header X-Api-Key: k}. */
    String describe();
}
