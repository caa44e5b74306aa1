package dev.courier.support.servers;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.collection.CharObjectMap;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted, frame-level HTTP/2 server (cleartext, prior knowledge: h2c without Upgrade) for abuse
 * and lifecycle tests of the client: frames no well-behaved server would send (CONTINUATION floods,
 * HPACK bombs, illegal table-size updates, PING floods), and precisely timed GOAWAY, RST_STREAM and
 * SETTINGS changes. Use it with a transport built with {@code http1(false)}; for ordinary HTTP/2
 * behaviour prefer a real server.
 *
 * <p>It listens on {@code 127.0.0.1} (ephemeral port). Each accepted connection takes the next
 * {@link Script} from a queue (when the queue is empty, the {@link Builder#whenEmpty fallback}, by
 * default {@link Script#standard()}) and runs it on its own daemon thread with an {@link H2Peer}:
 * the connection's reader, writer and record. When the script returns, the peer flushes and closes
 * the socket. {@link #close()} closes every socket, ends sleeps and joins the threads (bounded).
 *
 * <p>Every frame a peer reads goes through the same bookkeeping, whichever method read it: client
 * SETTINGS and PINGs are acknowledged (unless {@link H2Peer#autoAck(boolean) turned off}), header
 * blocks are HPACK-decoded in order (the decoder is stateful) and queued for
 * {@link H2Peer#awaitHeaders()}, DATA is appended to its stream and its flow-control window given
 * back, and RST_STREAM, GOAWAY, PING acks and open streams are counted for the test to inspect.
 * Every wait is bounded by the read timeout ({@link Builder#readTimeout}, 10 s by default) or
 * {@link #MAX_PAUSE}. The server does not follow the client's flow-control windows: keep response
 * bodies below the client's stream window.
 *
 * <pre>{@code
 * try (H2FrameServer server = H2FrameServer.start(peer -> {
 *         peer.handshake();                                       // SETTINGS both ways
 *         H2FrameServer.HeaderBlock request = peer.awaitHeaders(); // the client's HEADERS
 *         peer.writeRstStream(request.streamId(), Http2Error.REFUSED_STREAM);
 *         peer.serve();                                           // then 200 "ok <path>" to all
 *     })) {
 *     // ... client GETs server.url("/a") with http1(false): the retry succeeds ...
 *     H2FrameServer.H2Peer peer = server.peer(0);
 *     assertThat(peer.requests()).hasSize(1);                     // the retried request
 * }
 * }</pre>
 */
public final class H2FrameServer implements AutoCloseable {
    /** The longest single sleep or drain a script can take; {@link #close()} also ends them. */
    public static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    /** The client connection preface (RFC 9113 §3.4). */
    public static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    public static final int DATA = 0x0;
    public static final int HEADERS = 0x1;
    public static final int PRIORITY = 0x2;
    public static final int RST_STREAM = 0x3;
    public static final int SETTINGS = 0x4;
    public static final int PUSH_PROMISE = 0x5;
    public static final int PING = 0x6;
    public static final int GOAWAY = 0x7;
    public static final int WINDOW_UPDATE = 0x8;
    public static final int CONTINUATION = 0x9;

    /** DATA and HEADERS: the last frame of the stream from this side. */
    public static final int FLAG_END_STREAM = 0x1;
    /** SETTINGS and PING: an acknowledgement. */
    public static final int FLAG_ACK = 0x1;
    /** HEADERS and CONTINUATION: the header block ends with this frame. */
    public static final int FLAG_END_HEADERS = 0x4;
    public static final int FLAG_PADDED = 0x8;
    public static final int FLAG_PRIORITY = 0x20;

    /** The frame size both sides may send without a SETTINGS_MAX_FRAME_SIZE (RFC 9113 §6.5.2). */
    public static final int DEFAULT_MAX_FRAME_SIZE = 16_384;

    private static final int MAX_FRAME_PAYLOAD = (1 << 24) - 1;
    private static final int MAX_RECORDED_FRAMES = 200_000;
    private static final long MAX_REQUEST_BODY = 64L << 20;

    private final ServerSocket serverSocket;
    private final Thread acceptor;
    private final ConcurrentLinkedQueue<Script> scripts = new ConcurrentLinkedQueue<>();
    private final Script whenEmpty;
    private final Semaphore slots;
    private final Duration readTimeout;
    private final List<H2Peer> peers = new CopyOnWriteArrayList<>();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closed;

    private H2FrameServer(Builder builder) throws IOException {
        this.scripts.addAll(builder.scripts);
        this.whenEmpty = builder.whenEmpty;
        this.slots = new Semaphore(builder.maxConnections);
        this.readTimeout = builder.readTimeout;
        this.serverSocket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.acceptor = new Thread(this::acceptLoop, "h2-frame-server-" + serverSocket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a server that runs {@code scripts} on the first connections, in order. */
    public static H2FrameServer start(Script... scripts) {
        Builder builder = builder();
        for (Script script : scripts) {
            builder.script(script);
        }
        return builder.start();
    }

    /** A builder: scripts, the fallback script, limits. */
    public static Builder builder() {
        return new Builder();
    }

    /** Queues {@code script} for a later connection. */
    public H2FrameServer enqueue(Script script) {
        scripts.add(Objects.requireNonNull(script, "script"));
        return this;
    }

    /** The listening port on 127.0.0.1. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** {@code http://127.0.0.1:PORT/path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + (path.startsWith("/") ? path : "/" + path);
    }

    /** How many connections have been accepted so far. */
    public int connectionCount() {
        return peers.size();
    }

    /** The peers of all connections accepted so far, in accept order. */
    public List<H2Peer> peers() {
        return List.copyOf(peers);
    }

    /** The peer of connection {@code index} (0 is the first accepted). */
    public H2Peer peer(int index) {
        return peers.get(index);
    }

    /** Waits (at most {@code timeout}) until at least {@code count} connections were accepted. */
    public boolean awaitConnections(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (peers.size() < count) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Waits (at most {@code timeout} in all) until every connection accepted so far has finished. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (H2Peer peer : peers) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !peer.done.await(left, TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }

    /** Stops accepting, closes every connection, ends sleeps, and waits (bounded) for the threads. */
    @Override
    public void close() {
        closed = true;
        stopped.countDown();
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (H2Peer peer : peers) {
            peer.closeSocket();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<Thread> all = new ArrayList<>(threads);
        all.add(acceptor);
        for (Thread thread : all) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                thread.join(Math.max(1, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "H2FrameServer[" + url("/") + ", " + connectionCount() + " connections]";
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                slots.release();
                return;
            }
            Script script = scripts.poll();
            H2Peer peer = new H2Peer(peers.size(), socket, readTimeout, stopped);
            peers.add(peer);
            Thread thread = new Thread(() -> serve(peer, script == null ? whenEmpty : script),
                    "h2-frame-server-" + port() + "-conn-" + peer.index);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void serve(H2Peer peer, Script script) {
        try {
            peer.open();
            script.run(peer);
            peer.flush();
        } catch (Exception | AssertionError e) {
            // AssertionError too: a script may check what the client sent with assertions.
            peer.failure = e;
        } finally {
            peer.closeSocket();
            threads.remove(Thread.currentThread());
            peer.done.countDown();
            slots.release();
        }
    }

    // ---- HPACK building blocks for hand-made header blocks -----------------------------------

    /** An HPACK integer with an {@code prefixBits}-bit prefix, {@code firstByteFlags} set in the first byte. */
    public static byte[] hpackInteger(int firstByteFlags, int prefixBits, long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            out.write(firstByteFlags | (int) value);
            return out.toByteArray();
        }
        out.write(firstByteFlags | max);
        long rest = value - max;
        while (rest >= 128) {
            out.write((int) ((rest & 0x7f) | 0x80));
            rest >>>= 7;
        }
        out.write((int) rest);
        return out.toByteArray();
    }

    /** An indexed header field (RFC 7541 §6.1): 1..61 static table, 62.. dynamic table (newest first). */
    public static byte[] hpackIndexed(int index) {
        return hpackInteger(0x80, 7, index);
    }

    /**
     * A literal header field with a new name, no Huffman coding (RFC 7541 §6.2): inserted into the
     * dynamic table when {@code index}, else "without indexing".
     */
    public static byte[] hpackLiteral(String name, byte[] value, boolean index) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(index ? 0x40 : 0x00);
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(hpackInteger(0x00, 7, n.length));
        out.writeBytes(n);
        out.writeBytes(hpackInteger(0x00, 7, value.length));
        out.writeBytes(value);
        return out.toByteArray();
    }

    /** A dynamic table size update (RFC 7541 §6.3); only legal at the start of a header block. */
    public static byte[] hpackTableSizeUpdate(long size) {
        return hpackInteger(0x20, 5, size);
    }

    /** Concatenates byte arrays (to assemble a header block). */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** {@code block} repeated {@code times} times. */
    public static byte[] repeat(byte[] block, int times) {
        byte[] out = new byte[block.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(block, 0, out, i * block.length, block.length);
        }
        return out;
    }

    /** The name of an HTTP/2 error code, or the number. */
    public static String errorName(long code) {
        Http2Error error = Http2Error.valueOf(code);
        return error == null ? Long.toString(code) : error.name();
    }

    // ---- types ------------------------------------------------------------------------------

    /**
     * What one connection does, run on its own thread. Throwing (an exception or an assertion error)
     * ends the connection and is kept as {@link H2Peer#failure()}; returning flushes and closes it (FIN).
     */
    @FunctionalInterface
    public interface Script {
        void run(H2Peer peer) throws Exception;

        /** {@link H2Peer#handshake()} then {@link H2Peer#serve()}: 200 {@code "ok <path>"} to every request. */
        static Script standard() {
            return peer -> {
                peer.handshake();
                peer.serve();
            };
        }

        /**
         * As {@link #standard()}, advertising SETTINGS_MAX_CONCURRENT_STREAMS {@code maxConcurrentStreams};
         * a stream opened beyond it is counted ({@link H2Peer#streamLimitViolations()}) and refused.
         */
        static Script standard(int maxConcurrentStreams) {
            return peer -> {
                peer.handshake(new Http2Settings().maxConcurrentStreams(maxConcurrentStreams));
                peer.serve();
            };
        }

        /** Closes the connection at once, reading nothing. */
        static Script closeAtOnce() {
            return peer -> { };
        }
    }

    /** One frame: the 9-byte header's fields and the payload. */
    public record Frame(int type, int flags, int streamId, byte[] payload) {
        public boolean hasFlag(int flag) {
            return (flags & flag) != 0;
        }

        /** The error code of a RST_STREAM or GOAWAY frame. */
        public long errorCode() {
            int offset = switch (type) {
                case RST_STREAM -> 0;
                case GOAWAY -> 4;
                default -> throw new IllegalStateException("no error code in " + this);
            };
            return readUint32(payload, offset);
        }

        /** The last-stream-id of a GOAWAY frame. */
        public int lastStreamId() {
            if (type != GOAWAY) {
                throw new IllegalStateException("not a GOAWAY: " + this);
            }
            return (int) (readUint32(payload, 0) & 0x7fff_ffffL);
        }

        public String typeName() {
            return switch (type) {
                case DATA -> "DATA";
                case HEADERS -> "HEADERS";
                case PRIORITY -> "PRIORITY";
                case RST_STREAM -> "RST_STREAM";
                case SETTINGS -> "SETTINGS";
                case PUSH_PROMISE -> "PUSH_PROMISE";
                case PING -> "PING";
                case GOAWAY -> "GOAWAY";
                case WINDOW_UPDATE -> "WINDOW_UPDATE";
                case CONTINUATION -> "CONTINUATION";
                default -> "UNKNOWN(" + type + ")";
            };
        }

        @Override
        public String toString() {
            String extra = type == RST_STREAM || type == GOAWAY ? ", " + errorName(errorCode()) : "";
            return typeName() + "[stream " + streamId + ", flags 0x" + Integer.toHexString(flags) + ", "
                    + payload.length + " bytes" + extra + "]";
        }
    }

    /** A complete header block from the client: its stream, the decoded fields, and END_STREAM. */
    public record HeaderBlock(int streamId, Http2Headers headers, boolean endStream) {
        public String path() {
            CharSequence path = headers.path();
            return path == null ? null : path.toString();
        }

        public String method() {
            CharSequence method = headers.method();
            return method == null ? null : method.toString();
        }
    }

    /** A complete request: its stream, headers, and body (read to END_STREAM). */
    public record Request(int streamId, Http2Headers headers, byte[] body) {
        public String path() {
            CharSequence path = headers.path();
            return path == null ? null : path.toString();
        }

        public String method() {
            CharSequence method = headers.method();
            return method == null ? null : method.toString();
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Frames a script writes together, inside {@link H2Peer#inOneFlush(Writes)}. */
    @FunctionalInterface
    public interface Writes {
        void write(H2Peer peer) throws IOException;
    }

    /** Answers one complete request inside {@link H2Peer#serve(Responder)}. */
    @FunctionalInterface
    public interface Responder {
        void respond(H2Peer peer, Request request) throws IOException;

        /** 200 with the body {@code "ok <path>"}. */
        Responder OK = (peer, request) -> peer.respond(request.streamId(), 200, "ok " + request.path());
    }

    /** The state of one client-opened stream, on the script thread. */
    private static final class StreamState {
        final int id;
        Http2Headers headers;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean headersEndStream;
        boolean clientEnded;

        StreamState(int id) {
            this.id = id;
        }
    }

    /**
     * One accepted connection, seen from the server: frame reader and writer for the script, and the
     * record of what the client sent for the test. The reading and writing methods belong to the
     * script's thread; the observing ones ({@link #frames()}, {@link #resets()}, {@link #pingAcks()},
     * ...) are safe from any thread.
     */
    public static final class H2Peer {
        private final int index;
        private final Socket socket;
        private final Duration readTimeout;
        private final CountDownLatch stopped;
        private final CountDownLatch done = new CountDownLatch(1);
        private DataInputStream in;
        private OutputStream out;
        private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false, 1L << 20);
        private final Http2HeadersEncoder encoder =
                new DefaultHttp2HeadersEncoder(Http2HeadersEncoder.NEVER_SENSITIVE, true);
        private boolean autoAck = true;
        private boolean autoWindowUpdate = true;
        private boolean refuseExcessStreams = true;
        /** Guarded by this: inside {@link #inOneFlush}, flushes are skipped until its own at the end. */
        private boolean flushHeld;

        // Script thread only.
        private final Map<Integer, StreamState> streams = new HashMap<>();
        private final ArrayDeque<StreamState> pendingHeaders = new ArrayDeque<>();
        private final ArrayDeque<Http2Settings> unackedSettings = new ArrayDeque<>();
        private ByteArrayOutputStream headerBlock;
        private int headerBlockStream;
        private int headerBlockFlags;
        private long effectiveMaxStreams = Long.MAX_VALUE;

        // Any thread.
        private final List<Frame> frames = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger frameCount = new AtomicInteger();
        private final Map<Integer, Long> resets = new ConcurrentHashMap<>();
        private final List<Frame> goAways = new CopyOnWriteArrayList<>();
        private final List<Request> requests = new CopyOnWriteArrayList<>();
        private final List<HeaderBlock> headerBlocks = new CopyOnWriteArrayList<>();
        private final Set<Integer> openStreams = Collections.synchronizedSet(new LinkedHashSet<>());
        private final AtomicInteger maxOpenStreams = new AtomicInteger();
        private final AtomicInteger streamLimitViolations = new AtomicInteger();
        private final AtomicInteger pingAcks = new AtomicInteger();
        private final AtomicInteger settingsAcks = new AtomicInteger();
        private volatile Http2Settings clientSettings;
        private volatile boolean eof;
        private volatile Throwable failure;

        private H2Peer(int index, Socket socket, Duration readTimeout, CountDownLatch stopped) {
            this.index = index;
            this.socket = socket;
            this.readTimeout = readTimeout;
            this.stopped = stopped;
        }

        private void open() throws IOException {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) readTimeout.toMillis());
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
            out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        }

        private void closeSocket() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        // ---- settings of the script -----------------------------------------------------------

        /** Whether client SETTINGS and PINGs are acknowledged as they are read (default true). */
        public H2Peer autoAck(boolean autoAck) {
            this.autoAck = autoAck;
            return this;
        }

        /** Whether DATA read is given back with WINDOW_UPDATE on the stream and the connection (default true). */
        public H2Peer autoWindowUpdate(boolean autoWindowUpdate) {
            this.autoWindowUpdate = autoWindowUpdate;
            return this;
        }

        /**
         * Whether a stream the client opens beyond the SETTINGS_MAX_CONCURRENT_STREAMS it acknowledged
         * is reset with REFUSED_STREAM (default true); it is counted either way.
         */
        public H2Peer refuseExcessStreams(boolean refuse) {
            this.refuseExcessStreams = refuse;
            return this;
        }

        // ---- reading ----------------------------------------------------------------------------

        /** Reads the 24-byte client preface; fails if the bytes differ. */
        public void readPreface() throws IOException {
            byte[] preface = new byte[PREFACE.length];
            try {
                in.readFully(preface);
            } catch (EOFException e) {
                eof = true;
                throw e;
            }
            if (!Arrays.equals(preface, PREFACE)) {
                throw new IOException("not an HTTP/2 client preface: "
                        + new String(preface, StandardCharsets.ISO_8859_1));
            }
        }

        /** {@link #handshake(Http2Settings)} with no parameters (every setting at its default). */
        public Http2Settings handshake() throws IOException {
            return handshake(new Http2Settings());
        }

        /**
         * The connection preface: sends this server's SETTINGS ({@code settings}), reads the client
         * preface and the client's first SETTINGS (acknowledged), and returns them.
         */
        public Http2Settings handshake(Http2Settings settings) throws IOException {
            writeSettings(settings);
            readPreface();
            Frame first = readFrame();
            if (first.type() != SETTINGS || first.hasFlag(FLAG_ACK)) {
                throw new IOException("the client's first frame is not SETTINGS: " + first);
            }
            return clientSettings;
        }

        /** Reads the next frame (waiting at most the read timeout) and books it; EOFException at EOF. */
        public Frame readFrame() throws IOException {
            return readFrame(readTimeout);
        }

        /** Reads the next frame, waiting at most {@code timeout} for its first byte. */
        public Frame readFrame(Duration timeout) throws IOException {
            Frame frame = pollFrame(timeout);
            if (frame == null) {
                throw new SocketTimeoutException("no frame from the client within " + timeout.toMillis() + " ms");
            }
            return frame;
        }

        /** The next frame, or null if none starts within {@code timeout}; EOFException at EOF. */
        public Frame pollFrame(Duration timeout) throws IOException {
            flush();
            int first;
            socket.setSoTimeout((int) Math.max(1, Math.min(timeout.toMillis(), MAX_PAUSE.toMillis())));
            try {
                first = in.read();
            } catch (SocketTimeoutException e) {
                return null;
            } finally {
                if (!socket.isClosed()) {
                    socket.setSoTimeout((int) readTimeout.toMillis());
                }
            }
            if (first < 0) {
                eof = true;
                throw new EOFException("the client closed the connection");
            }
            byte[] header = new byte[9];
            header[0] = (byte) first;
            try {
                in.readFully(header, 1, 8);
                int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
                if (length > MAX_FRAME_PAYLOAD) {
                    throw new IOException("frame too long: " + length);
                }
                byte[] payload = new byte[length];
                in.readFully(payload);
                Frame frame = new Frame(header[3] & 0xff, header[4] & 0xff,
                        (int) (readUint32(header, 5) & 0x7fff_ffffL), payload);
                book(frame);
                return frame;
            } catch (EOFException e) {
                eof = true;
                throw e;
            }
        }

        /**
         * The oldest complete header block (HEADERS plus CONTINUATIONs) that opened a stream and was
         * not returned yet, reading frames (at most the read timeout) until there is one.
         */
        public HeaderBlock awaitHeaders() throws IOException {
            long deadline = System.nanoTime() + readTimeout.toNanos();
            while (pendingHeaders.isEmpty()) {
                readFrame(left(deadline));
            }
            StreamState s = pendingHeaders.poll();
            return new HeaderBlock(s.id, s.headers, s.headersEndStream);
        }

        /** The body of stream {@code streamId}, reading frames (at most the read timeout) until its END_STREAM. */
        public byte[] readData(int streamId) throws IOException {
            long deadline = System.nanoTime() + readTimeout.toNanos();
            StreamState s = streams.get(streamId);
            if (s == null) {
                throw new IllegalStateException("no stream " + streamId);
            }
            while (!s.clientEnded && !resets.containsKey(streamId)) {
                readFrame(left(deadline));
            }
            return s.body.toByteArray();
        }

        /**
         * Reads frames until the client resets {@code streamId} and returns the error code, or null
         * if the client closed the connection or the read timeout passed first.
         */
        public Long readUntilReset(int streamId) throws IOException {
            long deadline = System.nanoTime() + readTimeout.toNanos();
            while (!resets.containsKey(streamId) && System.nanoTime() - deadline < 0) {
                try {
                    pollFrame(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
                } catch (EOFException | SocketException e) {
                    return null;
                }
            }
            return resets.get(streamId);
        }

        /** Reads frames until the client acknowledged every SETTINGS written so far (bounded by the read timeout). */
        public void awaitSettingsAck() throws IOException {
            long deadline = System.nanoTime() + readTimeout.toNanos();
            while (!unackedSettings.isEmpty()) {
                readFrame(left(deadline));
            }
        }

        /** The next complete request: {@link #awaitHeaders()} then {@link #readData}. */
        public Request awaitRequest() throws IOException {
            HeaderBlock block = awaitHeaders();
            byte[] body = readData(block.streamId());
            Request request = new Request(block.streamId(), block.headers(), body);
            requests.add(request);
            return request;
        }

        /**
         * Reads and books frames for {@code duration} (bounded by {@link #MAX_PAUSE}), e.g. to see
         * whether the client opens more streams while responses are held back. Returns false if the
         * client closed the connection meanwhile.
         */
        public boolean idle(Duration duration) throws IOException {
            long deadline = System.nanoTime() + Math.min(duration.toNanos(), MAX_PAUSE.toNanos());
            while (System.nanoTime() - deadline < 0) {
                try {
                    pollFrame(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
                } catch (EOFException | SocketException e) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Reads and books frames until the client closes the connection (EOF or reset) or
         * {@code max} passes (bounded by {@link #MAX_PAUSE}); true if the client closed it.
         */
        public boolean drainUntilClosed(Duration max) throws IOException {
            long deadline = System.nanoTime() + Math.min(max.toNanos(), MAX_PAUSE.toNanos());
            while (System.nanoTime() - deadline < 0) {
                try {
                    pollFrame(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
                } catch (EOFException | SocketException e) {
                    eof = true;
                    return true;
                }
            }
            return false;
        }

        /**
         * Answers every request with {@code responder} until the client closes the connection or sends
         * GOAWAY, or nothing arrives for the read timeout.
         */
        public void serve(Responder responder) throws IOException {
            while (goAways.isEmpty()) {
                Request request;
                try {
                    request = awaitRequest();
                } catch (EOFException | SocketException | SocketTimeoutException e) {
                    return;
                }
                if (!resets.containsKey(request.streamId())) {
                    responder.respond(this, request);
                }
            }
        }

        /** {@link #serve(Responder)} with {@link Responder#OK}. */
        public void serve() throws IOException {
            serve(Responder.OK);
        }

        /** Sleeps (bounded by {@link #MAX_PAUSE}), ended early by the server's close. */
        public void sleep(Duration duration) throws InterruptedException, IOException {
            flush();
            stopped.await(Math.min(duration.toMillis(), MAX_PAUSE.toMillis()), TimeUnit.MILLISECONDS);
        }

        private static Duration left(long deadline) throws SocketTimeoutException {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("the client sent nothing useful within the read timeout");
            }
            return Duration.ofNanos(left);
        }

        private void book(Frame frame) throws IOException {
            if (frameCount.incrementAndGet() <= MAX_RECORDED_FRAMES) {
                frames.add(frame);
            }
            switch (frame.type()) {
                case SETTINGS -> {
                    if (frame.hasFlag(FLAG_ACK)) {
                        settingsAcks.incrementAndGet();
                        Http2Settings acked = unackedSettings.poll();
                        if (acked != null && acked.maxConcurrentStreams() != null) {
                            effectiveMaxStreams = acked.maxConcurrentStreams();
                        }
                    } else {
                        Http2Settings settings = parseSettings(frame.payload());
                        if (clientSettings == null) {
                            clientSettings = settings;
                        }
                        if (autoAck) {
                            writeSettingsAck();
                        }
                    }
                }
                case PING -> {
                    if (frame.hasFlag(FLAG_ACK)) {
                        pingAcks.incrementAndGet();
                    } else if (autoAck) {
                        writeFrame(PING, FLAG_ACK, 0, frame.payload());
                    }
                }
                case RST_STREAM -> {
                    // The first reset is the client's verdict; later ones answer frames that were in flight.
                    resets.putIfAbsent(frame.streamId(), frame.errorCode());
                    openStreams.remove(frame.streamId());
                }
                case GOAWAY -> goAways.add(frame);
                case HEADERS -> {
                    byte[] fragment = headersFragment(frame);
                    headerBlock = new ByteArrayOutputStream();
                    headerBlock.writeBytes(fragment);
                    headerBlockStream = frame.streamId();
                    headerBlockFlags = frame.flags();
                    if (frame.hasFlag(FLAG_END_HEADERS)) {
                        headerBlockDone();
                    }
                }
                case CONTINUATION -> {
                    if (headerBlock == null || frame.streamId() != headerBlockStream) {
                        throw new IOException("CONTINUATION without a header block in progress: " + frame);
                    }
                    headerBlock.writeBytes(frame.payload());
                    if (headerBlock.size() > (4 << 20)) {
                        throw new IOException("client header block larger than 4 MiB");
                    }
                    if (frame.hasFlag(FLAG_END_HEADERS)) {
                        headerBlockDone();
                    }
                }
                case DATA -> {
                    StreamState s = streams.get(frame.streamId());
                    byte[] data = dataFragment(frame);
                    if (s != null) {
                        if (s.body.size() + (long) data.length > MAX_REQUEST_BODY) {
                            throw new IOException("request body larger than " + MAX_REQUEST_BODY + " bytes");
                        }
                        s.body.writeBytes(data);
                        if (frame.hasFlag(FLAG_END_STREAM)) {
                            s.clientEnded = true;
                        }
                    }
                    if (autoWindowUpdate && frame.payload().length > 0) {
                        writeWindowUpdate(0, frame.payload().length);
                        if (!frame.hasFlag(FLAG_END_STREAM)) {
                            writeWindowUpdate(frame.streamId(), frame.payload().length);
                        }
                    }
                }
                default -> {
                    // WINDOW_UPDATE, PRIORITY, unknown: recorded only.
                }
            }
        }

        private void headerBlockDone() throws IOException {
            byte[] block = headerBlock.toByteArray();
            headerBlock = null;
            Http2Headers headers;
            ByteBuf buf = Unpooled.wrappedBuffer(block);
            try {
                headers = decoder.decodeHeaders(headerBlockStream, buf);
            } catch (Http2Exception e) {
                throw new IOException("cannot decode the client's header block: " + e.getMessage(), e);
            } finally {
                buf.release();
            }
            boolean endStream = (headerBlockFlags & FLAG_END_STREAM) != 0;
            StreamState s = streams.get(headerBlockStream);
            if (s != null) {
                // Trailers of a stream already open.
                s.clientEnded |= endStream;
                return;
            }
            s = new StreamState(headerBlockStream);
            s.headers = headers;
            s.headersEndStream = endStream;
            s.clientEnded = endStream;
            streams.put(s.id, s);
            headerBlocks.add(new HeaderBlock(s.id, headers, endStream));
            boolean excess = openStreams.size() >= effectiveMaxStreams;
            if (excess) {
                streamLimitViolations.incrementAndGet();
            }
            if (excess && refuseExcessStreams) {
                writeRstStream(s.id, Http2Error.REFUSED_STREAM.code());
                return;
            }
            openStreams.add(s.id);
            maxOpenStreams.accumulateAndGet(openStreams.size(), Math::max);
            pendingHeaders.add(s);
        }

        private static byte[] headersFragment(Frame frame) throws IOException {
            byte[] p = frame.payload();
            int start = 0;
            int end = p.length;
            if (frame.hasFlag(FLAG_PADDED)) {
                if (p.length < 1) {
                    throw new IOException("bad padded HEADERS");
                }
                start = 1;
                end -= p[0] & 0xff;
            }
            if (frame.hasFlag(FLAG_PRIORITY)) {
                start += 5;
            }
            if (start > end) {
                throw new IOException("bad HEADERS padding or priority");
            }
            return Arrays.copyOfRange(p, start, end);
        }

        private static byte[] dataFragment(Frame frame) throws IOException {
            byte[] p = frame.payload();
            if (!frame.hasFlag(FLAG_PADDED)) {
                return p;
            }
            if (p.length < 1 || (p[0] & 0xff) >= p.length) {
                throw new IOException("bad padded DATA");
            }
            return Arrays.copyOfRange(p, 1, p.length - (p[0] & 0xff));
        }

        private static Http2Settings parseSettings(byte[] payload) throws IOException {
            if (payload.length % 6 != 0) {
                throw new IOException("SETTINGS payload of " + payload.length + " bytes");
            }
            Http2Settings settings = new Http2Settings();
            for (int i = 0; i < payload.length; i += 6) {
                char id = (char) (((payload[i] & 0xff) << 8) | (payload[i + 1] & 0xff));
                long value = readUint32(payload, i + 2);
                try {
                    settings.put(id, Long.valueOf(value));
                } catch (IllegalArgumentException e) {
                    // An out-of-range value: recorded in the frame only.
                }
            }
            return settings;
        }

        // ---- writing ----------------------------------------------------------------------------

        /** Writes one frame with any type, flags, stream and payload, and flushes. */
        public void writeFrame(int type, int flags, int streamId, byte[] payload) throws IOException {
            bufferFrame(type, flags, streamId, payload);
            flush();
        }

        /** Writes {@code count} copies of one frame, flushing once (for floods). */
        public void writeFrames(int type, int flags, int streamId, byte[] payload, int count) throws IOException {
            for (int i = 0; i < count; i++) {
                bufferFrame(type, flags, streamId, payload);
            }
            flush();
        }

        /**
         * Runs {@code writes} (frames written through this peer) with every flush skipped, then
         * flushes once: on loopback the frames reach the client together and it reads them in one
         * batch, in order. Keep them under the 64 KiB output buffer, which flushes by itself when full.
         */
        public void inOneFlush(Writes writes) throws IOException {
            synchronized (this) {
                flushHeld = true;
            }
            try {
                writes.write(this);
            } finally {
                synchronized (this) {
                    flushHeld = false;
                }
            }
            flush();
        }

        /** Sends what is buffered (at the end of {@link #inOneFlush}, when inside it). */
        public void flush() throws IOException {
            synchronized (this) {
                if (!flushHeld && out != null && !socket.isClosed()) {
                    out.flush();
                }
            }
        }

        private void bufferFrame(int type, int flags, int streamId, byte[] payload) throws IOException {
            if (payload.length > MAX_FRAME_PAYLOAD) {
                throw new IllegalArgumentException("payload too long: " + payload.length);
            }
            byte[] header = {
                (byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
                (byte) type, (byte) flags,
                (byte) (streamId >>> 24), (byte) (streamId >>> 16), (byte) (streamId >>> 8), (byte) streamId,
            };
            synchronized (this) {
                out.write(header);
                out.write(payload);
            }
        }

        /** A SETTINGS frame with {@code settings}; a lowered stream limit counts once the client acknowledges it. */
        public void writeSettings(Http2Settings settings) throws IOException {
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            for (CharObjectMap.PrimitiveEntry<Long> e : settings.entries()) {
                payload.write(e.key() >>> 8);
                payload.write(e.key());
                payload.writeBytes(uint32(e.value()));
            }
            unackedSettings.add(settings);
            writeFrame(SETTINGS, 0, 0, payload.toByteArray());
        }

        /** A SETTINGS acknowledgement. */
        public void writeSettingsAck() throws IOException {
            writeFrame(SETTINGS, FLAG_ACK, 0, new byte[0]);
        }

        /** The HPACK encoding of {@code headers} with this connection's encoder (its dynamic table changes). */
        public byte[] encode(Http2Headers headers) {
            ByteBuf buf = Unpooled.buffer();
            try {
                encoder.encodeHeaders(0, headers, buf);
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                return bytes;
            } catch (Http2Exception e) {
                throw new IllegalArgumentException("cannot encode " + headers, e);
            } finally {
                buf.release();
            }
        }

        /**
         * HEADERS with {@code headers} (HPACK-encoded), split into CONTINUATION frames above
         * {@link #DEFAULT_MAX_FRAME_SIZE}; END_STREAM as asked; END_HEADERS on the last frame when
         * {@code endHeaders}, so a caller can leave the block open.
         */
        public void writeHeaders(int streamId, Http2Headers headers, boolean endStream, boolean endHeaders)
                throws IOException {
            writeHeaderBlock(streamId, encode(headers), endStream, endHeaders);
        }

        /** HEADERS with {@code headers}, END_HEADERS set, END_STREAM as asked. */
        public void writeHeaders(int streamId, Http2Headers headers, boolean endStream) throws IOException {
            writeHeaders(streamId, headers, endStream, true);
        }

        /** A hand-made header block as HEADERS (+ CONTINUATION frames above the default frame size). */
        public void writeHeaderBlock(int streamId, byte[] block, boolean endStream, boolean endHeaders)
                throws IOException {
            int offset = 0;
            boolean first = true;
            do {
                int n = Math.min(DEFAULT_MAX_FRAME_SIZE, block.length - offset);
                boolean last = offset + n == block.length;
                int flags = (last && endHeaders ? FLAG_END_HEADERS : 0) | (first && endStream ? FLAG_END_STREAM : 0);
                bufferFrame(first ? HEADERS : CONTINUATION, flags, streamId, Arrays.copyOfRange(block, offset, offset + n));
                offset += n;
                first = false;
            } while (offset < block.length);
            flush();
            if (endStream) {
                serverEnded(streamId);
            }
        }

        /** One HEADERS frame with exactly {@code payload} (a header block fragment) and {@code flags}. */
        public void writeRawHeaders(int streamId, int flags, byte[] payload) throws IOException {
            writeFrame(HEADERS, flags, streamId, payload);
            if ((flags & FLAG_END_STREAM) != 0) {
                serverEnded(streamId);
            }
        }

        /** One CONTINUATION frame with exactly {@code payload} and {@code flags}. */
        public void writeContinuation(int streamId, int flags, byte[] payload) throws IOException {
            writeFrame(CONTINUATION, flags, streamId, payload);
        }

        /** DATA, split at {@link #DEFAULT_MAX_FRAME_SIZE}; END_STREAM on the last frame when asked. */
        public void writeData(int streamId, byte[] data, boolean endStream) throws IOException {
            int offset = 0;
            do {
                int n = Math.min(DEFAULT_MAX_FRAME_SIZE, data.length - offset);
                boolean last = offset + n == data.length;
                bufferFrame(DATA, last && endStream ? FLAG_END_STREAM : 0, streamId,
                        Arrays.copyOfRange(data, offset, offset + n));
                offset += n;
            } while (offset < data.length);
            flush();
            if (endStream) {
                serverEnded(streamId);
            }
        }

        /** RST_STREAM with {@code error}. */
        public void writeRstStream(int streamId, Http2Error error) throws IOException {
            writeRstStream(streamId, error.code());
        }

        /** RST_STREAM with any error code. */
        public void writeRstStream(int streamId, long errorCode) throws IOException {
            writeFrame(RST_STREAM, 0, streamId, uint32(errorCode));
            serverEnded(streamId);
        }

        /** GOAWAY with {@code lastStreamId}, {@code error}, no debug data. */
        public void writeGoAway(int lastStreamId, Http2Error error) throws IOException {
            writeGoAway(lastStreamId, error.code(), new byte[0]);
        }

        /** GOAWAY with any error code and debug data. */
        public void writeGoAway(int lastStreamId, long errorCode, byte[] debugData) throws IOException {
            writeFrame(GOAWAY, 0, 0, concat(uint32(lastStreamId & 0x7fff_ffffL), uint32(errorCode), debugData));
        }

        /** A PING (or PING ack) with 8 bytes of {@code data}. */
        public void writePing(boolean ack, long data) throws IOException {
            writeFrame(PING, ack ? FLAG_ACK : 0, 0, uint64(data));
        }

        /** {@code count} PINGs, written as fast as the socket takes them (flushed once). */
        public void writePings(int count) throws IOException {
            writeFrames(PING, 0, 0, uint64(0x5049_4e47L), count);
        }

        /** WINDOW_UPDATE on a stream (or 0 for the connection). */
        public void writeWindowUpdate(int streamId, long increment) throws IOException {
            writeFrame(WINDOW_UPDATE, 0, streamId, uint32(increment & 0x7fff_ffffL));
        }

        /**
         * A whole response: HEADERS ({@code :status}, {@code content-length}) then one DATA with
         * END_STREAM (HEADERS with END_STREAM when the body is empty).
         */
        public void respond(int streamId, int status, byte[] body) throws IOException {
            Http2Headers headers = new DefaultHttp2Headers().status(Integer.toString(status))
                    .setInt("content-length", body.length);
            if (body.length == 0) {
                writeHeaders(streamId, headers, true);
            } else {
                writeHeaders(streamId, headers, false);
                writeData(streamId, body, true);
            }
        }

        /** {@link #respond(int, int, byte[])} with a UTF-8 body. */
        public void respond(int streamId, int status, String body) throws IOException {
            respond(streamId, status, body.getBytes(StandardCharsets.UTF_8));
        }

        private void serverEnded(int streamId) {
            openStreams.remove(streamId);
        }

        // ---- observing (any thread) -----------------------------------------------------------

        /** 0 for the first connection accepted. */
        public int index() {
            return index;
        }

        /** The frames read from the client so far (the first {@value #MAX_RECORDED_FRAMES}). */
        public List<Frame> frames() {
            synchronized (frames) {
                return List.copyOf(frames);
            }
        }

        /** How many frames were read from the client. */
        public int frameCount() {
            return frameCount.get();
        }

        /** The recorded frames of {@code type}. */
        public List<Frame> frames(int type) {
            return frames().stream().filter(f -> f.type() == type).toList();
        }

        /** The client's first SETTINGS, once read. */
        public Http2Settings clientSettings() {
            return clientSettings;
        }

        /**
         * The error code of the first RST_STREAM the client sent on each stream, by stream id. (A client
         * that reset a stream may reset it again, with STREAM_CLOSED, for frames that were already on
         * the way; {@link #frames(int)} has them all.)
         */
        public Map<Integer, Long> resets() {
            return Map.copyOf(resets);
        }

        /** Waits (bounded) until the client reset {@code streamId}; the first reset's error code, or null. */
        public Long awaitReset(int streamId, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!resets.containsKey(streamId) && System.nanoTime() - deadline < 0) {
                Thread.sleep(5);
            }
            return resets.get(streamId);
        }

        /** The GOAWAY frames received from the client. */
        public List<Frame> goAways() {
            return List.copyOf(goAways);
        }

        /** Every header block that opened a stream, in order (refused ones included). */
        public List<HeaderBlock> headerBlocks() {
            return List.copyOf(headerBlocks);
        }

        /** The complete requests read by {@link #awaitRequest()} (and so by {@link #serve}). */
        public List<Request> requests() {
            return List.copyOf(requests);
        }

        /** The most streams open at once: opened by client HEADERS, not yet ended by the server or reset. */
        public int maxOpenStreams() {
            return maxOpenStreams.get();
        }

        /** Starts counting {@link #maxOpenStreams()} again from the streams open now. */
        public void resetMaxOpenStreams() {
            maxOpenStreams.set(openStreams.size());
        }

        /** Streams the client opened beyond the SETTINGS_MAX_CONCURRENT_STREAMS it had acknowledged. */
        public int streamLimitViolations() {
            return streamLimitViolations.get();
        }

        /** PING acknowledgements received. */
        public int pingAcks() {
            return pingAcks.get();
        }

        /** SETTINGS acknowledgements received. */
        public int settingsAcks() {
            return settingsAcks.get();
        }

        /** Whether the client closed its side (a read returned EOF, or the connection was reset). */
        public boolean sawEof() {
            return eof;
        }

        /** The exception (or assertion error) that ended the script, or null. */
        public Throwable failure() {
            return failure;
        }

        /** Whether the script has finished and the socket is closed. */
        public boolean isDone() {
            return done.getCount() == 0;
        }

        /** Waits (at most {@code timeout}) for the script to finish. */
        public boolean awaitDone(Duration timeout) throws InterruptedException {
            return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public String toString() {
            return "H2Peer[" + index + ", " + frameCount() + " frames read, resets " + resets + ", goaways " + goAways
                    + ", eof=" + eof + ", failure=" + failure + "]";
        }
    }

    /** Builds and starts an {@link H2FrameServer}. */
    public static final class Builder {
        private final List<Script> scripts = new ArrayList<>();
        private Script whenEmpty = Script.standard();
        private int maxConnections = 16;
        private Duration readTimeout = Duration.ofSeconds(10);

        private Builder() {}

        /** Queues a script for the next connection not yet given one. */
        public Builder script(Script script) {
            scripts.add(Objects.requireNonNull(script, "script"));
            return this;
        }

        /** The script for connections once the queue is empty (default: {@link Script#standard()}). */
        public Builder whenEmpty(Script script) {
            this.whenEmpty = Objects.requireNonNull(script, "script");
            return this;
        }

        /** How many connections run at once (default 16); further clients wait in the accept backlog. */
        public Builder maxConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConnections must be >= 1");
            }
            this.maxConnections = max;
            return this;
        }

        /** How long a read waits for client frames before giving up (default 10 s, at most {@link #MAX_PAUSE}). */
        public Builder readTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_PAUSE) > 0) {
                throw new IllegalArgumentException("readTimeout must be in (0, " + MAX_PAUSE + "]: " + timeout);
            }
            this.readTimeout = timeout;
            return this;
        }

        /** Binds and starts accepting. */
        public H2FrameServer start() {
            try {
                return new H2FrameServer(this);
            } catch (IOException e) {
                throw new IllegalStateException("cannot bind the HTTP/2 frame server", e);
            }
        }
    }

    private static long readUint32(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xffL) << 24) | ((bytes[offset + 1] & 0xffL) << 16)
                | ((bytes[offset + 2] & 0xffL) << 8) | (bytes[offset + 3] & 0xffL);
    }

    private static byte[] uint32(long value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static byte[] uint64(long value) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (value >>> (56 - 8 * i));
        }
        return out;
    }
}
