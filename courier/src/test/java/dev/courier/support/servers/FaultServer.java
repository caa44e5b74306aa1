package dev.courier.support.servers;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A scripted raw-socket HTTP/1.1 server for faults a client must survive: exact wire bytes,
 * disconnects, stalls, resets. It listens on {@code 127.0.0.1} (ephemeral port); each accepted
 * connection takes the next {@link Script} from a queue (when the queue is empty, the
 * {@link Builder#whenEmpty fallback}, by default: close at once) and runs it on its own daemon
 * platform thread. At most {@link Builder#maxConnections} connections are served at a time; further
 * clients wait in the accept backlog.
 *
 * <p>It records the number of connections accepted and, per connection, every byte read from the
 * client ({@link Connection#received()}) and each request read by a read step
 * ({@link Connection#requests()}). A connection's record is complete once
 * {@link Connection#awaitDone} returns true.
 *
 * <pre>{@code
 * try (FaultServer server = FaultServer.start(
 *         FaultServer.Script.duplicateContentLength(),                 // connection 0
 *         FaultServer.Script.ok("fine"))) {                            // connection 1
 *     // ... client GETs server.url("/a"): expect a protocol error ...
 *     // ... client GETs server.url("/b"): expect "fine" on a NEW connection ...
 *     assertThat(server.connectionCount()).isEqualTo(2);
 *     assertThat(server.connection(1).awaitDone(Duration.ofSeconds(5))).isTrue();
 *     assertThat(server.connection(1).requestText(0)).startsWith("GET /b HTTP/1.1\r\n");
 * }
 * FaultServer.Script custom = FaultServer.Script.create()
 *         .readRequest().write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab").flush()
 *         .sleep(Duration.ofMillis(200)).reset();                       // RST mid-body
 * }</pre>
 */
public final class FaultServer implements AutoCloseable {
    /** The longest single sleep a script can take; {@link #close()} also ends sleeps. */
    public static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private static final int MAX_HEAD = 1 << 20;
    private static final long MAX_BODY = 256L << 20;

    private final ServerSocket serverSocket;
    private final Thread acceptor;
    private final ConcurrentLinkedQueue<Script> scripts = new ConcurrentLinkedQueue<>();
    private final Script whenEmpty;
    private final Semaphore slots;
    private final int readTimeoutMillis;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closed;

    private FaultServer(Builder builder) throws IOException {
        this.scripts.addAll(builder.scripts);
        this.whenEmpty = builder.whenEmpty;
        this.slots = new Semaphore(builder.maxConnections);
        this.readTimeoutMillis = (int) builder.readTimeout.toMillis();
        this.serverSocket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.acceptor = new Thread(this::acceptLoop, "fault-server-" + serverSocket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a server that runs {@code scripts} on the first connections, in order. */
    public static FaultServer start(Script... scripts) {
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
    public FaultServer enqueue(Script script) {
        scripts.add(Objects.requireNonNull(script, "script"));
        return this;
    }

    /** The listening port on 127.0.0.1. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** The listening address. */
    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port());
    }

    /** {@code http://127.0.0.1:PORT/path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + (path.startsWith("/") ? path : "/" + path);
    }

    /** How many connections have been accepted so far. */
    public int connectionCount() {
        return connections.size();
    }

    /** The records of all connections accepted so far, in accept order. */
    public List<Connection> connections() {
        return List.copyOf(connections);
    }

    /** The record of connection {@code index} (0 is the first accepted). */
    public Connection connection(int index) {
        return connections.get(index);
    }

    /** Waits (at most {@code timeout}) until at least {@code count} connections were accepted. */
    public boolean awaitConnections(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (connections.size() < count) {
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
        for (Connection c : connections) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !c.done.await(left, TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }

    /** Stops accepting, closes every open connection, ends sleeps, and waits (bounded) for the threads. */
    @Override
    public void close() {
        closed = true;
        stopped.countDown();
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
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
        return "FaultServer[" + url("/") + ", " + connectionCount() + " connections]";
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
            Connection connection = new Connection(connections.size(), script == null ? whenEmpty : script);
            connections.add(connection);
            open.add(socket);
            Thread thread = new Thread(() -> serve(connection, socket),
                    "fault-server-" + port() + "-conn-" + connection.index);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void serve(Connection c, Socket socket) {
        try (socket) {
            socket.setSoTimeout(readTimeoutMillis);
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            String head = null;
            for (Step step : c.script.steps()) {
                if (step instanceof Step.ReadHead || step instanceof Step.ReadBody
                        || step instanceof Step.ReadBytes || step instanceof Step.ReadToEof) {
                    out.flush(); // never wait for the client with an unsent answer
                }
                if (step instanceof Step.ReadHead) {
                    head = readHead(in, c);
                    if (head == null) {
                        return;
                    }
                } else if (step instanceof Step.ReadBody) {
                    if (head != null && !readBody(in, c, head)) {
                        return;
                    }
                } else if (step instanceof Step.ReadBytes read) {
                    if (!readExactly(in, c, read.count())) {
                        return;
                    }
                } else if (step instanceof Step.Write write) {
                    out.write(write.bytes());
                } else if (step instanceof Step.Flush) {
                    out.flush();
                } else if (step instanceof Step.Sleep sleep) {
                    out.flush();
                    if (stopped.await(Math.min(sleep.duration().toMillis(), MAX_PAUSE.toMillis()), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } else if (step instanceof Step.ShutdownOutput) {
                    out.flush();
                    socket.shutdownOutput();
                } else if (step instanceof Step.ShutdownInput) {
                    socket.shutdownInput();
                } else if (step instanceof Step.ReadToEof eof) {
                    readToEof(socket, in, c, eof.max());
                } else if (step instanceof Step.Reset) {
                    socket.setSoLinger(true, 0);
                    return;
                } else if (step instanceof Step.Close) {
                    break;
                }
            }
            if (!socket.isOutputShutdown()) {
                out.flush();
            }
            drainAvailable(in, c);
        } catch (IOException | InterruptedException e) {
            c.failure = e;
        } finally {
            open.remove(socket);
            threads.remove(Thread.currentThread());
            c.done.countDown();
            slots.release();
        }
    }

    /** Reads up to the blank line ending a request head; null on EOF first. */
    private static String readHead(InputStream in, Connection c) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int previous = -1;
        int lineLength = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                c.eof = true;
                return null;
            }
            if (head.size() == 0) {
                c.startRequest();
            }
            c.record(b);
            head.write(b);
            if (head.size() > MAX_HEAD) {
                throw new IOException("request head longer than " + MAX_HEAD + " bytes");
            }
            if (b == '\n') {
                if (lineLength == 0 || (lineLength == 1 && previous == '\r')) {
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
                lineLength = 0;
            } else {
                lineLength++;
            }
            previous = b;
        }
    }

    /** Reads the body the head announces (Content-Length or chunked); false on early EOF. */
    private static boolean readBody(InputStream in, Connection c, String head) throws IOException {
        long contentLength = -1;
        boolean chunked = false;
        for (String line : head.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            while (true) {
                String sizeLine = readLine(in, c);
                if (sizeLine == null) {
                    return false;
                }
                int semicolon = sizeLine.indexOf(';');
                long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    String trailer;
                    do {
                        trailer = readLine(in, c);
                        if (trailer == null) {
                            return false;
                        }
                    } while (!trailer.isEmpty());
                    return true;
                }
                if (!readExactly(in, c, size) || readLine(in, c) == null) {
                    return false;
                }
            }
        }
        return contentLength <= 0 || readExactly(in, c, contentLength);
    }

    private static String readLine(InputStream in, Connection c) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                c.eof = true;
                return null;
            }
            c.record(b);
            if (b == '\n') {
                int end = line.length();
                return line.substring(0, end > 0 && line.charAt(end - 1) == '\r' ? end - 1 : end);
            }
            if (line.length() > MAX_HEAD) {
                throw new IOException("line longer than " + MAX_HEAD + " bytes");
            }
            line.append((char) b);
        }
    }

    private static boolean readExactly(InputStream in, Connection c, long count) throws IOException {
        if (count > MAX_BODY) {
            throw new IOException("request body larger than " + MAX_BODY + " bytes");
        }
        byte[] buffer = new byte[8192];
        long left = count;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                c.eof = true;
                return false;
            }
            c.record(buffer, n);
            left -= n;
        }
        return true;
    }

    private void readToEof(Socket socket, InputStream in, Connection c, Duration max) throws IOException {
        long deadline = System.nanoTime() + Math.min(max.toNanos(), MAX_PAUSE.toNanos());
        byte[] buffer = new byte[8192];
        try {
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return;
                }
                socket.setSoTimeout((int) left);
                int n = in.read(buffer);
                if (n < 0) {
                    c.eof = true;
                    return;
                }
                c.recordUnframed(buffer, n);
            }
        } catch (SocketTimeoutException e) {
            // the client kept the connection open: that is the answer
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(readTimeoutMillis);
            }
        }
    }

    /** Records bytes already received but not read, so closing sends FIN rather than RST. */
    private static void drainAvailable(InputStream in, Connection c) {
        try {
            byte[] buffer = new byte[8192];
            int available;
            while (!c.eof && (available = in.available()) > 0) {
                int n = in.read(buffer, 0, Math.min(buffer.length, available));
                if (n < 0) {
                    return;
                }
                c.recordUnframed(buffer, n);
            }
        } catch (IOException ignored) {
            // nothing more to record
        }
    }

    /** What happened on one accepted connection. */
    public static final class Connection {
        private final int index;
        private final Script script;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final List<ByteArrayOutputStream> requests = new ArrayList<>();
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile boolean eof;
        private volatile Exception failure;

        private Connection(int index, Script script) {
            this.index = index;
            this.script = script;
        }

        /** 0 for the first connection accepted. */
        public int index() {
            return index;
        }

        /** The script this connection ran. */
        public Script script() {
            return script;
        }

        /** Every byte read from the client so far. */
        public synchronized byte[] received() {
            return received.toByteArray();
        }

        /** {@link #received()} as ISO-8859-1 text (one char per byte). */
        public String receivedText() {
            return new String(received(), StandardCharsets.ISO_8859_1);
        }

        /**
         * The raw bytes of each request a read step read (head, plus body if read), in order. Bytes
         * read by {@link Script#readToEof} or drained at close are only in {@link #received()}.
         */
        public synchronized List<byte[]> requests() {
            return requests.stream().map(ByteArrayOutputStream::toByteArray).toList();
        }

        /** Request {@code i} as ISO-8859-1 text. */
        public String requestText(int i) {
            return new String(requests().get(i), StandardCharsets.ISO_8859_1);
        }

        /** Whether the client closed its side (a read returned EOF). */
        public boolean sawEof() {
            return eof;
        }

        /** The I/O error that ended the script early (e.g. the client reset), or null. */
        public Exception failure() {
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

        private synchronized void startRequest() {
            requests.add(new ByteArrayOutputStream());
        }

        private synchronized void record(int b) {
            received.write(b);
            if (!requests.isEmpty()) {
                requests.get(requests.size() - 1).write(b);
            }
        }

        private synchronized void record(byte[] bytes, int length) {
            received.write(bytes, 0, length);
            if (!requests.isEmpty()) {
                requests.get(requests.size() - 1).write(bytes, 0, length);
            }
        }

        private synchronized void recordUnframed(byte[] bytes, int length) {
            received.write(bytes, 0, length);
        }

        @Override
        public String toString() {
            return "Connection[" + index + ", " + received.size() + " bytes received, eof=" + eof + ", failure=" + failure + "]";
        }
    }

    /** Builds and starts a {@link FaultServer}. */
    public static final class Builder {
        private final List<Script> scripts = new ArrayList<>();
        private Script whenEmpty = Script.disconnectAtStart();
        private int maxConnections = 16;
        private Duration readTimeout = Duration.ofSeconds(30);

        private Builder() {}

        /** Queues a script for the next connection not yet given one. */
        public Builder script(Script script) {
            scripts.add(Objects.requireNonNull(script, "script"));
            return this;
        }

        /** The script for connections once the queue is empty (default: close at once). */
        public Builder whenEmpty(Script script) {
            this.whenEmpty = Objects.requireNonNull(script, "script");
            return this;
        }

        /** How many connections run at once (default 16). */
        public Builder maxConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConnections must be >= 1");
            }
            this.maxConnections = max;
            return this;
        }

        /** How long a read step waits for client bytes before giving up (default 30 s). */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Binds and starts accepting. */
        public FaultServer start() {
            try {
                return new FaultServer(this);
            } catch (IOException e) {
                throw new IllegalStateException("cannot bind the fault server", e);
            }
        }
    }

    /** One step of a script. */
    public sealed interface Step {
        /** Reads a request head (through the blank line); the script ends if the client closes first. */
        record ReadHead() implements Step {}

        /** Reads the body the last head announced (Content-Length or chunked), if any. */
        record ReadBody() implements Step {}

        /** Reads and records exactly {@code count} bytes (or to EOF), whatever they are. */
        record ReadBytes(long count) implements Step {}

        /** Writes exact bytes (buffered until a flush, a read, a sleep, a half-close or the close). */
        record Write(byte[] bytes) implements Step {}

        /** Sends the buffered bytes. */
        record Flush() implements Step {}

        /** Flushes, then waits (at most {@link #MAX_PAUSE}; the server's close ends it). */
        record Sleep(Duration duration) implements Step {}

        /** Flushes, then half-closes: sends FIN, keeps reading possible. */
        record ShutdownOutput() implements Step {}

        /** Shuts the input side down. */
        record ShutdownInput() implements Step {}

        /** Reads and records until the client closes or {@code max} passes. */
        record ReadToEof(Duration max) implements Step {}

        /** Closes with SO_LINGER 0 (the peer gets RST); unflushed bytes are dropped. */
        record Reset() implements Step {}

        /** Flushes and closes (FIN); the script ends. */
        record Close() implements Step {}
    }

    /**
     * An immutable list of {@link Step}s for one connection. Each method returns a new script with
     * one more step. Writes are buffered and go out at a flush, before any read step, at a sleep, a
     * half-close or the close (so {@code write(a).flush().write(b)} sends two segments). When the
     * steps run out the server flushes and closes the connection (FIN); a read step that meets EOF
     * ends the script early.
     *
     * <pre>{@code
     * Script headThenRst = Script.create().readRequest()
     *         .write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n").flush()
     *         .sleep(Duration.ofMillis(50)).reset();
     * Script staleKeepAlive = Script.create()
     *         .respond("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na")  // request 1
     *         .readRequest().close();                                         // request 2: closed
     * }</pre>
     */
    public static final class Script {
        private final List<Step> steps;

        private Script(List<Step> steps) {
            this.steps = List.copyOf(steps);
        }

        /** An empty script (the connection is closed at once). */
        public static Script create() {
            return new Script(List.of());
        }

        /** The steps, in order. */
        public List<Step> steps() {
            return steps;
        }

        /** All bytes the script writes, concatenated: what a client reading to EOF receives. */
        public byte[] writtenBytes() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (Step step : steps) {
                if (step instanceof Step.Write write) {
                    all.writeBytes(write.bytes());
                }
            }
            return all.toByteArray();
        }

        /** {@link #writtenBytes()} as ISO-8859-1 text. */
        public String writtenText() {
            return new String(writtenBytes(), StandardCharsets.ISO_8859_1);
        }

        private Script then(Step step) {
            List<Step> next = new ArrayList<>(steps);
            next.add(step);
            return new Script(next);
        }

        /** Reads a request head. */
        public Script readRequestHead() {
            return then(new Step.ReadHead());
        }

        /** Reads the body announced by the last head. */
        public Script readRequestBody() {
            return then(new Step.ReadBody());
        }

        /** Reads a whole request: head and body. */
        public Script readRequest() {
            return readRequestHead().readRequestBody();
        }

        /**
         * Reads exactly {@code count} more bytes (into the current request's record), e.g. part of
         * an upload before answering 413.
         */
        public Script readBytes(long count) {
            return then(new Step.ReadBytes(count));
        }

        /** Reads a whole request, then writes {@code rawResponse} (ISO-8859-1) as is. */
        public Script respond(String rawResponse) {
            return readRequest().write(rawResponse);
        }

        /** Writes exact bytes. */
        public Script write(byte[] bytes) {
            return then(new Step.Write(bytes.clone()));
        }

        /** Writes {@code text} as ISO-8859-1 bytes (write "\r\n" yourself). */
        public Script write(String text) {
            return write(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** Sends what is buffered. */
        public Script flush() {
            return then(new Step.Flush());
        }

        /** Flushes and waits {@code duration} (bounded by {@link #MAX_PAUSE}). */
        public Script sleep(Duration duration) {
            return then(new Step.Sleep(duration));
        }

        /** Flushes and stalls for {@link #MAX_PAUSE} or until the server is closed. */
        public Script stall() {
            return sleep(MAX_PAUSE);
        }

        /** Flushes and half-closes the output (FIN). */
        public Script shutdownOutput() {
            return then(new Step.ShutdownOutput());
        }

        /** Shuts the input down. */
        public Script shutdownInput() {
            return then(new Step.ShutdownInput());
        }

        /** Reads and records until EOF or {@code max}. */
        public Script readToEof(Duration max) {
            return then(new Step.ReadToEof(max));
        }

        /** Resets the connection (SO_LINGER 0, close). */
        public Script reset() {
            return then(new Step.Reset());
        }

        /** Flushes and closes. */
        public Script close() {
            return then(new Step.Close());
        }

        // ---- named scripts -------------------------------------------------------------------

        /** {@code HTTP/1.1 <status> <reason>\r\nContent-Length: n\r\n\r\n<body>} as bytes. */
        public static byte[] response(int status, String body) {
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Length: " + content.length + "\r\n\r\n";
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(content);
            return out.toByteArray();
        }

        /** Reads a request, answers 200 with {@code body} (keep-alive), then closes. */
        public static Script ok(String body) {
            return create().readRequest().write(response(200, body));
        }

        /** Closes the connection as soon as it is accepted, reading nothing. */
        public static Script disconnectAtStart() {
            return create().close();
        }

        /** Reads the request, then closes without answering. */
        public static Script disconnectAfterRequest() {
            return create().readRequest().close();
        }

        /** Sends the status line and headers ({@code Content-Length: 100}), then closes. */
        public static Script disconnectAfterHeaders() {
            return create().readRequest().write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n").flush().close();
        }

        /** Sends a chunked head and one chunk ({@code 5\r\nhello\r\n}), then closes: no last chunk. */
        public static Script disconnectMidBody() {
            return create().readRequest()
                    .write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n").flush().close();
        }

        /** Reads the request, sends nothing for {@code stall}, then answers 200 "late" and closes. */
        public static Script stallBeforeStatusLine(Duration stall) {
            return create().readRequest().sleep(stall).write(response(200, "late"));
        }

        /** Sends the head ({@code Content-Length: 10}) and "hello", stalls, then "world" and closes. */
        public static Script stallMidBody(Duration stall) {
            return create().readRequest().write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello")
                    .sleep(stall).write("world");
        }

        /** Answers with the status line {@code HTTP/1.1 2x0 Bad} (then a 2-byte body) and closes. */
        public static Script badStatusLine() {
            return badStatusLine("HTTP/1.1 2x0 Bad");
        }

        /** Answers with {@code statusLine} (no CRLF in it) then {@code Content-Length: 2} and "ok". */
        public static Script badStatusLine(String statusLine) {
            return create().readRequest().write(statusLine + "\r\nContent-Length: 2\r\n\r\nok");
        }

        /** A response with one header {@code X-Big} whose value is {@code valueBytes} bytes of 'a'. */
        public static Script oversizedHeaders(int valueBytes) {
            return create().readRequest()
                    .write("HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(valueBytes) + "\r\nContent-Length: 2\r\n\r\nok");
        }

        /** A response with {@code count} headers {@code X-H-i: v}. */
        public static Script tooManyHeaders(int count) {
            StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n");
            for (int i = 0; i < count; i++) {
                head.append("X-H-").append(i).append(": v\r\n");
            }
            return create().readRequest().write(head.append("Content-Length: 2\r\n\r\nok").toString());
        }

        /** A chunked response whose first chunk-size line is {@code sizeToken}, then "hello". */
        public static Script badChunkSize(String sizeToken) {
            return create().readRequest().write(
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + sizeToken + "\r\nhello\r\n0\r\n\r\n");
        }

        /** {@code Content-Length: declared}, then only {@code sent} bytes, then close. */
        public static Script shortContentLength(int declared, int sent) {
            return create().readRequest()
                    .write("HTTP/1.1 200 OK\r\nContent-Length: " + declared + "\r\n\r\n")
                    .write(JettyRoutes.pattern(sent)).flush().close();
        }

        /** {@code Content-Length: 100} and 50 bytes, then close. */
        public static Script shortContentLength() {
            return shortContentLength(100, 50);
        }

        /** {@code Content-Length: 5} and {@code Content-Length: 6}, body "hello!". */
        public static Script duplicateContentLength() {
            return create().readRequest()
                    .write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!");
        }

        /** {@code Transfer-Encoding: chunked} and {@code Content-Length: 3}, a chunked "hello". */
        public static Script contentLengthWithChunked() {
            return create().readRequest().write(
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        }

        /** {@code count} × {@code HTTP/1.1 100 Continue}, then a final 200 "ok". */
        public static Script interimFlood(int count) {
            return interimFlood(count, true);
        }

        /** {@code count} interim 100 responses, then a final 200 "ok" or (if not) a stall. */
        public static Script interimFlood(int count, boolean finalResponse) {
            Script script = create().readRequest().write("HTTP/1.1 100 Continue\r\n\r\n".repeat(count));
            return finalResponse ? script.write(response(200, "ok")) : script.stall();
        }

        /** Answers 200 "a" (keep-alive), then after {@code idle} closes the idle connection (FIN). */
        public static Script keepAliveThenIdleClose(Duration idle) {
            return create().readRequest().write(response(200, "a")).sleep(idle).close();
        }

        /** Serves {@code k} requests on the connection (200 "response-i", keep-alive), then closes. */
        public static Script serveThenClose(int k) {
            Script script = create();
            for (int i = 0; i < k; i++) {
                script = script.readRequest().write(response(200, "response-" + i)).flush();
            }
            return script.close();
        }

        private static String reason(int status) {
            return switch (status) {
                case 100 -> "Continue";
                case 200 -> "OK";
                case 204 -> "No Content";
                case 301 -> "Moved Permanently";
                case 302 -> "Found";
                case 400 -> "Bad Request";
                case 404 -> "Not Found";
                case 500 -> "Internal Server Error";
                case 503 -> "Service Unavailable";
                default -> "Status";
            };
        }

        @Override
        public String toString() {
            return "Script" + steps;
        }
    }
}
