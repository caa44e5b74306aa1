package dev.courier.internal.exchange;

import dev.courier.Headers;
import dev.courier.LocalProtocolException;
import dev.courier.ProxyException;
import dev.courier.ReadTimeoutException;
import dev.courier.RemoteProtocolException;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.RequestException;
import dev.courier.Response;
import dev.courier.Timeout;
import dev.courier.WriteException;
import dev.courier.WriteTimeoutException;
import dev.courier.internal.ApiAccess;
import dev.courier.internal.body.InMemoryContent;
import dev.courier.internal.exchange.BodySource;
import dev.courier.internal.exchange.ResponseBodyPublisher;
import dev.courier.internal.netty.ExceptionMapper;
import dev.courier.internal.netty.ExceptionMapper.Phase;
import dev.courier.internal.proxy.ProxyCredentials;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelOutputShutdownException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request and its response on an {@link ExchangeChannel}: an HTTP/1.1 connection, or one
 * HTTP/2 stream (which turns frames into the same HTTP objects). It writes the
 * request (its body streamed with backpressure: the channel's writability follows the socket for
 * HTTP/1.1 and the peer's flow-control window for HTTP/2), reads the response head, completes
 * {@link #head()} with a {@link Response} whose body is read on the subscriber's demand, and hands
 * the channel back when the body ends. Trailers that follow the body are kept for
 * {@link Response#trailers()}.
 *
 * <p>Everything after {@link #start} runs on the connection's event loop. Timeouts: read (from each
 * read issued until data arrives, so a slow consumer never times out), write (while a write is
 * pending), and the Expect: 100-continue wait. A body abandoned before its end is drained when at
 * most {@code drainLimit} bytes remain, else the connection is closed.
 */
public final class Exchange implements BodySource {
    private static final Duration CONTINUE_WAIT = Duration.ofSeconds(1);

    private final Request request;
    private final ExchangeSettings settings;
    private final CompletableFuture<Response> head = new CompletableFuture<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private ExchangeChannel connection;
    private volatile EventLoop loop;
    private volatile Throwable pendingAbort;
    private String authority;

    private boolean reused;
    private boolean wantsClose;
    private boolean responseStarted;
    private boolean headDone;
    private boolean requestDone;
    private boolean requestAbandoned;
    private boolean bodyWriteStarted;
    /** The request has no body, so writing its head sent all of it. */
    private boolean wholeRequestInHead;
    /** The body length the head declared (Content-Length, the caller's or the body's), or -1 if chunked. */
    private long declaredLength = -1;
    private boolean awaitingContinue;
    private boolean inInterim;
    private boolean draining;
    private boolean keepAlive;
    /** The response body has neither a length nor chunks: it ends when the connection does. */
    private boolean untilClose;
    private boolean finished;
    private boolean readPending;
    private int interim;
    private int pendingWrites;
    private long contentLength = -1;
    private long received;
    private long drained;
    private ResponseBodyPublisher body;
    private volatile Headers trailers = Headers.empty();
    private RequestBodyWriter writer;
    /**
     * Why the request could not be sent whole, when the server may still have answered it: the
     * failure reported if no response head comes after all.
     */
    private RuntimeException sendFailure;
    private ScheduledFuture<?> continueTimer;
    /** The read and write timeouts in nanoseconds, or -1 for none. */
    private final long readLimit;
    private final long writeLimit;
    /** Waiting for data since {@link #readSince}; the connection's {@link Watchdog} checks the deadline. */
    private boolean readWaiting;
    private long readSince;
    /** A write pending, with no progress since {@link #writeSince}. */
    private boolean writeWaiting;
    private long writeSince;
    /** The list of exchanges the connection's watchdog watches (managed by {@link Watchdog}). */
    boolean watched;
    Exchange watchPrev;
    Exchange watchNext;

    public Exchange(Request request, Timeout timeout, ExchangeSettings settings) {
        this.request = request;
        this.settings = settings;
        this.readLimit = timeout.read() == null ? -1 : timeout.read().toNanos();
        this.writeLimit = timeout.write() == null ? -1 : timeout.write().toNanos();
    }

    /** Completes with the response once its head has arrived, or fails. */
    public CompletableFuture<Response> head() {
        return head;
    }

    /** Completes when the exchange is over: body read to its end, abandoned, or failed. */
    public CompletableFuture<Void> done() {
        return done;
    }

    /** True when the request is a HEAD, whose response never has a body. */
    public boolean isHead() {
        return request.method().equals("HEAD");
    }

    /** Aborts the exchange with {@code failure} (cancellation, a total deadline). Any thread. */
    public void abort(Throwable failure) {
        pendingAbort = failure;
        EventLoop l = loop;
        if (l != null) {
            l.execute(() -> fail(failure));
        }
    }

    ByteBufAllocator alloc() {
        return connection.alloc();
    }

    // ---- writing the request ----

    /** Sends the request on {@code connection}; {@code reused}: it carried exchanges before. Event loop only. */
    public void start(ExchangeChannel connection, boolean reused) {
        this.connection = connection;
        this.loop = connection.eventLoop();
        this.reused = reused;
        this.authority = connection.authority();
        if (pendingAbort != null) {
            // Aborted before it reached its channel's event loop.
            fail(pendingAbort);
            return;
        }
        RequestHead head;
        try {
            head = RequestHead.of(request, settings.acceptEncoding(), connection.forwardProxy());
        } catch (RequestException e) {
            fail(e);
            return;
        }
        wantsClose = head.wantsClose();
        declaredLength = head.contentLength();
        RequestBody requestBody = request.body();
        boolean expectContinue = requestBody.contentLength() != 0 && head.expectsContinue();
        if (requestBody.contentLength() == 0) {
            // The head is the whole request: once it is written, the server may act on it, so a
            // bodiless POST that then fails on a stale connection is not sent again (RELIABILITY §1.10).
            wholeRequestInHead = true;
            write(connection.headMessage(head, Unpooled.EMPTY_BUFFER), this::requestWritten);
        } else if (requestBody instanceof InMemoryContent memory && !expectContinue) {
            bodyWriteStarted = true;
            write(connection.headMessage(head, Unpooled.wrappedBuffer(memory.array())), this::requestWritten);
        } else {
            write(connection.headMessage(head, null), null);
            if (expectContinue) {
                awaitingContinue = true;
                // Servers that ignore Expect never send 100: after a short wait, send the body anyway (as curl does).
                continueTimer = loop.schedule(this::sendBody, CONTINUE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                sendBody();
            }
        }
        read();
    }

    /**
     * The exchange never started on {@code connection}: an HTTP/2 connection that received GOAWAY,
     * failed or closed after the pool handed it out. Nothing was sent, so the request may go again on
     * another connection, even with a body that can be read only once (nothing read it); {@code why}
     * is the message if it does not, {@code cause} the connection's failure (or null),
     * {@code serverMadeProgress} as in {@link #onUnprocessed}. Event loop only.
     */
    public void notStarted(ExchangeChannel connection, String why, Throwable cause, boolean serverMadeProgress) {
        this.connection = connection;
        this.authority = connection.authority();
        fail(new UnprocessedRequestException(new WriteException(why, request, cause), serverMadeProgress, true));
    }

    private void sendBody() {
        if (finished || bodyWriteStarted || sendFailure != null) {
            return;
        }
        awaitingContinue = false;
        cancel(continueTimer);
        bodyWriteStarted = true;
        writer = new RequestBodyWriter(this, declaredLength);
        try {
            request.body().publisher().subscribe(writer);
        } catch (RuntimeException e) {
            fail(new LocalProtocolException("The request body cannot be sent: " + e.getMessage(), request, e));
        }
    }

    /** A body chunk from the writer; any thread. */
    void onBodyChunk(ByteBuf chunk) {
        if (!onLoop(() -> {
            if (finished || sendFailure != null) {
                chunk.release();
                return;
            }
            write(new DefaultHttpContent(chunk), () -> writer.chunkWritten(connection.isWritable()));
        })) {
            chunk.release();
        }
    }

    /** The body ended; any thread. */
    void onBodyEnd() {
        onLoop(() -> {
            if (!finished && sendFailure == null) {
                write(LastHttpContent.EMPTY_LAST_CONTENT, this::requestWritten);
            }
        });
    }

    /** The body failed, or broke its declared length ({@code local}); any thread. */
    void onBodyFailure(Throwable failure, boolean local) {
        onLoop(() -> {
            if (sendFailure != null) {
                return; // The body was given up already; the response, or sendFailure, decides.
            }
            fail(local
                    ? new LocalProtocolException(failure.getMessage(), request, failure)
                    : new WriteException("The request body failed while being sent: " + failure, request, failure));
        });
    }

    /**
     * Runs {@code task} on the event loop; false when the loop no longer takes tasks (the transport
     * was closed while the body's publisher was still producing), and so neither does this exchange.
     */
    private boolean onLoop(Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** The channel's writability changed. Event loop only. */
    public void onWritabilityChanged() {
        if (writer != null) {
            writer.writabilityChanged(connection.isWritable());
        }
    }

    private void requestWritten() {
        requestDone = true;
    }

    private void write(Object message, Runnable onWritten) {
        pendingWrites++;
        ChannelFuture f = connection.write(message);
        if (!f.isDone() && !writeWaiting) {
            // HTTP/1.1 writes mostly complete inside writeAndFlush; HTTP/2 ones wait for the
            // connection's flush (Http2FlushBatcher). Only one still pending needs watching.
            waitForWrite();
        }
        f.addListener(done -> {
            pendingWrites--;
            if (pendingWrites == 0) {
                writeWaiting = false;
            } else {
                // Progress: the deadline counts again from here.
                waitForWrite();
            }
            if (!done.isSuccess()) {
                if (sendFailure != null && !headDone) {
                    // Writes queued behind the first failure fail too: that one is kept, the read decides.
                    return;
                }
                if (!finished && connection.reportedUnprocessed(this, done.cause())) {
                    return;
                }
                // A server that hangs up before answering is one failure, whichever side noticed first.
                Phase phase = done.cause() instanceof java.nio.channels.ClosedChannelException && !headDone
                        ? Phase.READ_HEAD : Phase.WRITE;
                RuntimeException failure = ExceptionMapper.map(done.cause(), request, authority, phase);
                if (!finished && !headDone && mayStillBeAnswered(done.cause())) {
                    // A server that refuses a body (413, 401) often answers and closes while it is still
                    // coming: the write fails, but the answer may already wait in the socket (RELIABILITY
                    // §1.13). Stop sending and read on; what is read decides, and the connection goes.
                    sendFailure = failure;
                    requestAbandoned = true;
                    awaitingContinue = false;
                    cancel(continueTimer);
                    if (writer != null) {
                        writer.cancel();
                    }
                    read();
                    return;
                }
                fail(failure);
            } else if (onWritten != null && !finished) {
                onWritten.run();
            }
        });
    }

    /**
     * Whether a write that failed with {@code cause} leaves the response to read: on HTTP/1.1 a
     * socket error shuts the channel's output down rather than closing it (autoClose off), and
     * every write then pending fails with that shutdown.
     */
    private boolean mayStillBeAnswered(Throwable cause) {
        // Any other write failure (a TLS one, say) leaves a server still waiting for the body.
        return !connection.multiplexed() && cause instanceof ChannelOutputShutdownException;
    }

    // ---- reading the response ----

    /** An HTTP object arrived. Event loop only. */
    public void onInbound(Object msg) {
        readWaiting = false;
        if (finished) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse response) {
            onHead(response);
        }
        if (msg instanceof HttpContent content) {
            if (finished) {
                content.release();
            } else {
                onContent(content);
            }
        }
    }

    private void onHead(HttpResponse response) {
        responseStarted = true;
        if (response.decoderResult().isFailure()) {
            fail(ExceptionMapper.map(response.decoderResult().cause(), request, authority, Phase.READ_HEAD));
            return;
        }
        int code = response.status().code();
        if (code >= 100 && code < 200) {
            if (code == 101) {
                fail(new RemoteProtocolException("The server " + authority
                        + " switched protocols (101) though the request did not ask it to", request));
                return;
            }
            if (++interim > settings.maxInterimResponses()) {
                fail(new RemoteProtocolException("The server " + authority + " sent more than "
                        + settings.maxInterimResponses() + " interim (1xx) responses", request));
                return;
            }
            inInterim = true;
            if (code == 100 && awaitingContinue) {
                sendBody();
            }
            return;
        }
        if (code == 407 && connection.forwardProxy() != null) {
            // The proxy's answer, not the origin's: the caller's request never left the proxy.
            dev.courier.Proxy proxy = connection.forwardProxy();
            fail(new ProxyException("The proxy " + proxy.url().origin() + " answered 407 Proxy Authentication "
                    + "Required for " + request.url().origin() + ProxyCredentials.hint(proxy), request, 407, null));
            return;
        }
        HttpHeaders wire = response.headers();
        boolean multiplexed = connection.multiplexed();
        // HTTP/2 refuses Transfer-Encoding in the codec (a connection-specific field), so only HTTP/1.1 can be ambiguous.
        if (!multiplexed && wire.contains(HttpHeaderNames.TRANSFER_ENCODING) && wire.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            fail(new RemoteProtocolException("The response from " + authority
                    + " has both Transfer-Encoding and Content-Length, so its length is ambiguous", request));
            return;
        }
        if (wire.size() > settings.maxHeaderCount()) {
            fail(new RemoteProtocolException("The response from " + authority + " has " + wire.size()
                    + " header fields, more than the limit of " + settings.maxHeaderCount(), request));
            return;
        }
        Headers headers = toHeaders(wire);
        if (awaitingContinue) {
            // A final answer before 100: the body is never sent, so the connection can't carry on.
            awaitingContinue = false;
            cancel(continueTimer);
            requestAbandoned = true;
        }
        keepAlive = !multiplexed && HttpUtil.isKeepAlive(response) && !wantsClose;
        contentLength = HttpUtil.getContentLength(response, -1L);
        untilClose = !multiplexed && contentLength < 0 && !HttpUtil.isTransferEncodingChunked(response);
        // With a content coding the declared length is the encoded one, not what the body's reader will see.
        body = new ResponseBodyPublisher(loop, this, wire.contains(HttpHeaderNames.CONTENT_ENCODING) ? -1 : contentLength);
        Response answer = Response.builder()
                .status(code)
                .reason(response.status().reasonPhrase())
                .httpVersion(multiplexed ? dev.courier.HttpVersion.HTTP_2.label() : response.protocolVersion().text())
                .headers(headers)
                .body(body)
                .trailers(() -> trailers)
                .request(request)
                .build();
        headDone = true;
        head.complete(answer);
    }

    private void onContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (inInterim) {
            content.release();
            if (last) {
                inInterim = false;
            }
            return;
        }
        if (content.decoderResult().isFailure()) {
            Throwable cause = content.decoderResult().cause();
            content.release();
            fail(ExceptionMapper.map(cause, request, authority, headDone ? Phase.READ_BODY : Phase.READ_HEAD));
            return;
        }
        if (!headDone) {
            content.release();
            return;
        }
        int n = content.content().readableBytes();
        received += n;
        if (draining) {
            drained += n;
            content.release();
            if (last) {
                finish(true);
            } else if (drained > settings.drainLimit()) {
                finish(false);
            }
            return;
        }
        if (last && untilClose && connection.closedWithoutCloseNotify()) {
            // Only close_notify tells the whole of such a body from a part of it (RELIABILITY §1.13).
            content.release();
            fail(new RemoteProtocolException("The server " + authority + " ended the connection without TLS "
                    + "close_notify, and the body runs until the connection closes: it may have been cut short", request));
            return;
        }
        HttpHeaders trailing = last ? ((LastHttpContent) content).trailingHeaders() : null;
        body.onChunk(content.content());
        if (trailing != null && !trailing.isEmpty()) {
            trailers = toHeaders(trailing);
        }
        if (last) {
            // Back to the pool first, so whoever sees the body end sees the connection free.
            finish(true);
            body.onComplete();
        }
    }

    /** The channel's read completed. Event loop only. */
    public void onReadComplete() {
        readPending = false;
        if (!finished && needsData()) {
            read();
        }
    }

    /** The channel closed. Event loop only. */
    public void onInactive() {
        if (!finished) {
            fail(orSendFailure(ExceptionMapper.map(new java.nio.channels.ClosedChannelException(), request, authority,
                    headDone ? Phase.READ_BODY : Phase.READ_HEAD)));
        }
    }

    /** The channel reported a failure. Event loop only. */
    public void onFailure(Throwable cause) {
        fail(orSendFailure(ExceptionMapper.map(cause, request, authority, headDone ? Phase.READ_BODY
                : responseStarted || requestDone ? Phase.READ_HEAD : Phase.WRITE)));
    }

    /**
     * {@code failure}, or the failed send it follows when the exchange read on for an answer that
     * never came: the send says what went wrong first.
     */
    private RuntimeException orSendFailure(RuntimeException failure) {
        return !headDone && sendFailure != null ? sendFailure : failure;
    }

    /**
     * The server did not process the request (HTTP/2 GOAWAY above its stream, or REFUSED_STREAM), so
     * it may go again on another connection; {@code serverMadeProgress}: the connection did process
     * other streams. Event loop only.
     */
    public void onUnprocessed(String why, boolean serverMadeProgress) {
        RemoteProtocolException failure = new RemoteProtocolException(why, request);
        fail(headDone ? failure : new UnprocessedRequestException(failure, serverMadeProgress, !bodyWriteStarted));
    }

    /** The peer ended the exchange with an error of its own (an HTTP/2 RST_STREAM). Event loop only. */
    public void onRemoteError(String why) {
        // The server answered this very stream, if only with a reset: the connection is alive and the
        // request may have been processed, so this must not pass for a stale connection (which would
        // send the request again, a POST included).
        responseStarted = true;
        fail(new RemoteProtocolException(why, request));
    }

    /**
     * Whether the exchange wants more bytes now: its head, interim responses, a drain, or a body
     * with demand. Event loop only.
     */
    public boolean wantsData() {
        return !finished && needsData();
    }

    private boolean needsData() {
        return !headDone || inInterim || draining || (body != null && body.wantsData());
    }

    @Override
    public void readMore() {
        if (!finished && !readPending) {
            read();
        }
    }

    @Override
    public void abandon() {
        if (finished) {
            return;
        }
        long remaining = contentLength >= 0 ? contentLength - received : -1;
        // An HTTP/2 stream is reset instead (keepAlive is false there): cheaper than reading the rest.
        if (keepAlive && (remaining < 0 || remaining <= settings.drainLimit())) {
            draining = true;
            readMore();
        } else {
            finish(false);
        }
    }

    private void read() {
        if (readPending || finished) {
            return;
        }
        readPending = true;
        if (readLimit >= 0 && !readWaiting) {
            readWaiting = true;
            readSince = System.nanoTime();
            connection.watchdog().watch(this, readSince, readSince + readLimit);
        }
        connection.read();
    }

    // ---- ending ----

    private void finish(boolean responseComplete) {
        if (finished) {
            return;
        }
        finished = true;
        cancelTimers();
        boolean reusable = responseComplete && keepAlive && requestDone && !requestAbandoned;
        if (!requestDone && writer != null) {
            writer.cancel();
        }
        connection.finished(this, reusable);
        done.complete(null);
    }

    private void fail(Throwable failure) {
        if (finished) {
            return;
        }
        finished = true;
        cancelTimers();
        if (writer != null) {
            writer.cancel();
        }
        Throwable reported = failure;
        if (!headDone) {
            if (reused && !responseStarted && failure instanceof RequestException re
                    && !(failure instanceof ReadTimeoutException) && !(failure instanceof WriteTimeoutException)) {
                reported = new StaleConnectionException(re, bodyWriteStarted || wholeRequestInHead);
            }
            head.completeExceptionally(reported);
        } else if (body != null) {
            body.onError(failure);
        }
        if (connection != null) {
            connection.finished(this, false);
        }
        done.complete(null);
    }

    private void waitForWrite() {
        // Pending writes of an exchange that already ended still complete (failed): they must not
        // put it back on the watchdog's list, which nothing would take it off again.
        if (writeLimit < 0 || finished) {
            return;
        }
        writeSince = System.nanoTime();
        if (!writeWaiting) {
            writeWaiting = true;
            connection.watchdog().watch(this, writeSince, writeSince + writeLimit);
        }
    }

    /** True while a read or write deadline runs. For the {@link Watchdog}. */
    boolean waiting() {
        return !finished && (readWaiting || writeWaiting);
    }

    /**
     * The earliest of the running deadlines; only when {@link #waiting()}. The read timeout counts
     * from the read issued until bytes arrive, bytes the decoder may still be buffering included:
     * after some arrived, it counts from the last of them.
     */
    long nextDeadline() {
        long next = readWaiting ? readDeadline() : 0;
        if (writeWaiting) {
            long write = writeSince + writeLimit;
            if (!readWaiting || write - next < 0) {
                next = write;
            }
        }
        return next;
    }

    private long readDeadline() {
        long lastRead = connection.lastReadNanos();
        return (lastRead - readSince > 0 ? lastRead : readSince) + readLimit;
    }

    /** Fails the exchange when a deadline has passed. For the {@link Watchdog}, at {@code now}. */
    void checkDeadlines(long now) {
        if (!waiting()) {
            return;
        }
        if (readWaiting) {
            if (now - readDeadline() >= 0) {
                fail(new ReadTimeoutException("No data from " + authority + " for "
                        + TimeUnit.NANOSECONDS.toMillis(readLimit) + " ms (read timeout)", request));
                return;
            }
        }
        if (writeWaiting && now - (writeSince + writeLimit) >= 0) {
            fail(new WriteTimeoutException("Sending to " + authority + " made no progress for "
                    + TimeUnit.NANOSECONDS.toMillis(writeLimit) + " ms (write timeout)", request));
        }
    }

    private void cancelTimers() {
        readWaiting = false;
        writeWaiting = false;
        if (connection != null) {
            connection.watchdog().unwatch(this);
        }
        cancel(continueTimer);
        continueTimer = null;
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /**
     * The decoded fields as Courier headers. Netty validated each name and value as it decoded them
     * (HTTP/1.1: the decoder's validating header factory; HTTP/2: the stream's, see
     * Http2ExchangeStream), by the rules {@link Headers#of} applies, so they are not checked again.
     */
    private static Headers toHeaders(HttpHeaders wire) {
        String[] fields = new String[wire.size() * 2];
        int i = 0;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = wire.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            fields[i++] = e.getKey().toString();
            fields[i++] = e.getValue().toString();
        }
        return ApiAccess.validatedHeaders(i == fields.length ? fields : Arrays.copyOf(fields, i));
    }
}
