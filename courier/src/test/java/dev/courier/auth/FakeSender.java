package dev.courier.auth;

import dev.courier.Request;
import dev.courier.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Sender for auth tests: records every request and every response it hands out, answering from a function. */
final class FakeSender implements Sender {
    private final Function<Request, Response> handler;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final List<Response> responses = new CopyOnWriteArrayList<>();

    FakeSender(Function<Request, Response> handler) {
        this.handler = handler;
    }

    /** Answers 200 to everything. */
    static FakeSender ok() {
        return new FakeSender(r -> Response.builder().request(r).build());
    }

    @Override
    public CompletableFuture<Response> send(Request request) {
        requests.add(request);
        Response response = handler.apply(request);
        responses.add(response);
        return CompletableFuture.completedFuture(response);
    }

    Request last() {
        return requests.get(requests.size() - 1);
    }

    String authorization(int index) {
        return requests.get(index).headers().get("Authorization");
    }

    /** A parameter of a Digest Authorization value (quoted or not), or null. Good enough for the values tests use. */
    static String param(String authorization, String name) {
        Matcher m = Pattern.compile("(?:^Digest |, )" + Pattern.quote(name) + "=(\"((?:[^\"\\\\]|\\\\.)*)\"|[^, ]+)")
                .matcher(authorization);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(1);
    }
}
