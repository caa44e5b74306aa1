package dev.courier.internal.app;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import dev.courier.RemoteProtocolException;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.internal.body.SubscriberInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * An {@link HttpExchange} held in memory: the request comes from a Courier {@link Request} and the
 * response goes to a Courier {@link Response}, so a JDK {@code HttpHandler} runs without a server.
 *
 * <p>It keeps the JDK server's rules where a handler can see them: {@code sendResponseHeaders}
 * once, with a length above 0 fixing the body's length, 0 streaming it chunked and -1 sending none
 * (and none for HEAD, 1xx, 204 and 304); Content-Length, Transfer-Encoding and Date filled in as
 * the server does; writing before the headers, past a fixed length, or a body for HEAD fails with
 * an {@link IOException}. The response completes when the headers are sent and its body streams as
 * the handler writes it.
 */
public final class InMemoryHttpExchange extends HttpExchange {
    /** IMF-fixdate with a two-digit day, as the JDK server writes it (RFC_1123_DATE_TIME drops the zero). */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private final Request request;
    private final HttpContext context;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final Executor completer;
    private final com.sun.net.httpserver.Headers requestHeaders = new com.sun.net.httpserver.Headers();
    private final com.sun.net.httpserver.Headers responseHeaders = new com.sun.net.httpserver.Headers();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final CompletableFuture<Response> response = new CompletableFuture<>();
    private final BodyPipe pipe = new BodyPipe();
    private final ResponseStream responseStream = new ResponseStream();
    private InputStream requestBody;
    private OutputStream responseBody = responseStream;
    private volatile int responseCode = -1;

    /**
     * @param request the request the handler sees
     * @param context the context the handler is mounted on
     * @param remote the client's address as the handler sees it
     * @param completer where the response future completes, so the caller's code never runs on the handler's thread
     */
    public InMemoryHttpExchange(Request request, HttpContext context, InetSocketAddress remote, Executor completer) {
        this.request = request;
        this.context = context;
        this.remote = remote;
        this.local = InetSocketAddress.createUnresolved(request.url().host(), request.url().port());
        this.completer = completer;
        requestHeaders.add("Host", request.url().authority());
        for (Map.Entry<String, String> field : request.headers()) {
            if (!field.getKey().equalsIgnoreCase("Host")) {
                requestHeaders.add(field.getKey(), field.getValue());
            }
        }
    }

    /** The response, once the handler has sent its headers. */
    public CompletableFuture<Response> response() {
        return response;
    }

    /**
     * Ends the exchange when the handler returns: its body is complete, or, if it sent no headers,
     * the handler is at fault.
     */
    void finish() {
        if (responseCode < 0) {
            response.completeExceptionally(new IllegalStateException("The HttpHandler returned without calling "
                    + "sendResponseHeaders for " + request.method() + " " + request.url().withoutUserInfo()
                    + ": send a status, as a JDK HttpServer needs it too"));
        }
        close();
    }

    /** Ends the exchange with the handler's {@code failure}: the response fails, or its body does. */
    void fail(Throwable failure) {
        if (responseCode < 0) {
            responseCode = 500;
            response.completeExceptionally(failure);
        } else {
            pipe.fail(failure);
        }
        closeRequestBody();
    }

    @Override
    public com.sun.net.httpserver.Headers getRequestHeaders() {
        return requestHeaders;
    }

    @Override
    public com.sun.net.httpserver.Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return URI.create(request.url().pathAndQuery());
    }

    @Override
    public String getRequestMethod() {
        return request.method();
    }

    @Override
    public HttpContext getHttpContext() {
        return context;
    }

    @Override
    public void close() {
        closeRequestBody();
        try {
            responseBody.close();
        } catch (IOException e) {
            // The JDK server also only logs here: the handler has gone, and the body already carries the error.
        }
    }

    private void closeRequestBody() {
        InputStream in;
        synchronized (this) {
            in = requestBody;
        }
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // Closing only cancels the subscription; nothing to report.
            }
        }
    }

    @Override
    public synchronized InputStream getRequestBody() {
        if (requestBody == null) {
            SubscriberInputStream in = new SubscriberInputStream();
            request.body().publisher().subscribe(in);
            requestBody = in;
        }
        return requestBody;
    }

    @Override
    public synchronized OutputStream getResponseBody() {
        return responseBody;
    }

    @Override
    public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
        if (rCode < 100 || rCode > 999) {
            throw new IllegalArgumentException("Status code must have three digits: " + rCode);
        }
        long length = responseLength;
        synchronized (this) {
            if (responseCode >= 0) {
                throw new IOException("headers already sent");
            }
            responseCode = rCode;
        }
        responseHeaders.set("Date", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        if (request.method().equals("HEAD") || rCode < 200 || rCode == 204 || rCode == 304) {
            length = -1; // no body, and no framing header for one
        } else if (length == 0) {
            responseHeaders.set("Transfer-Encoding", "chunked");
        } else {
            responseHeaders.set("Content-Length", Long.toString(Math.max(length, 0)));
        }
        responseStream.start(length);
        Response.Builder answer = Response.builder().status(rCode).headers(dev.courier.Headers.of(responseHeaders))
                .request(request);
        if (length < 0) {
            answer.content(new byte[0]);
        } else {
            answer.body(pipe);
        }
        Response built = answer.build();
        completer.execute(() -> response.complete(built));
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return remote;
    }

    @Override
    public int getResponseCode() {
        return responseCode;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return local;
    }

    @Override
    public String getProtocol() {
        return "HTTP/1.1";
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    @Override
    public synchronized void setStreams(InputStream i, OutputStream o) {
        if (i != null) {
            requestBody = i;
        }
        if (o != null) {
            responseBody = o;
        }
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }

    /** The handler's view of the response body: enforces the framing sendResponseHeaders chose. */
    private final class ResponseStream extends OutputStream {
        /** -2 before the headers, -1 for no body, 0 for chunked, else the fixed length. */
        private long length = -2;
        private long written;
        private boolean closed;

        synchronized void start(long length) {
            this.length = length;
            if (length < 0) {
                pipe.close();
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws IOException {
            synchronized (this) {
                if (length == -2) {
                    throw new IOException("sendResponseHeaders must be called before writing the response body");
                }
                if (closed) {
                    throw new IOException("The response body is closed");
                }
                if (len == 0) {
                    return;
                }
                if (length == -1) {
                    throw new IOException("This response has no body (sendResponseHeaders was given -1, or it "
                            + "answers HEAD, or its status has none): too many bytes to write to stream");
                }
                if (length > 0 && written + len > length) {
                    throw new IOException("too many bytes to write to stream: the handler declared "
                            + length + " bytes in sendResponseHeaders");
                }
                written += len;
            }
            pipe.write(bytes, off, len);
        }

        @Override
        public void close() throws IOException {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            if (length > 0 && written < length) {
                String message = "The HttpHandler for " + request.method() + " " + request.url().withoutUserInfo()
                        + " closed its response after " + written + " of the " + length
                        + " bytes it declared in sendResponseHeaders";
                pipe.fail(new RemoteProtocolException(message, request));
                throw new IOException("insufficient bytes written to stream");
            }
            pipe.close();
        }
    }
}
