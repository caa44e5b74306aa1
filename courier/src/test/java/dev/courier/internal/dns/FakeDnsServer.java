package dev.courier.internal.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server on 127.0.0.1 for tests: answers A queries from a table with the TTL given, NXDOMAIN for
 * names it does not know, no records for other types, and counts the A queries per name so a test can
 * tell a cached answer from a fresh one. Just enough of RFC 1035 for one question per query.
 */
final class FakeDnsServer implements AutoCloseable {
    private record Answer(Inet4Address address, int ttlSeconds) {}

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> queries = new ConcurrentHashMap<>();
    private final DatagramSocket socket;
    private final Thread thread;

    FakeDnsServer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "fake-dns");
        thread.setDaemon(true);
        thread.start();
    }

    /** Answers A queries for {@code host} with {@code address}, valid for {@code ttlSeconds}. */
    FakeDnsServer answer(String host, Inet4Address address, int ttlSeconds) {
        answers.put(host.toLowerCase(Locale.ROOT), new Answer(address, ttlSeconds));
        return this;
    }

    /** How many A queries for {@code host} arrived. */
    int aQueries(String host) {
        AtomicInteger n = queries.get(host.toLowerCase(Locale.ROOT));
        return n == null ? 0 : n.get();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                byte[] reply = reply(Arrays.copyOf(packet.getData(), packet.getLength()));
                socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
            } catch (SocketException closed) {
                return;
            } catch (IOException | RuntimeException ignored) {
                // A malformed query gets no answer, as from a real server under load.
            }
        }
    }

    private byte[] reply(byte[] query) {
        int pos = 12;
        StringBuilder name = new StringBuilder();
        while (query[pos] != 0) {
            int length = query[pos] & 0xff;
            name.append(name.length() == 0 ? "" : ".").append(new String(query, pos + 1, length, StandardCharsets.US_ASCII));
            pos += length + 1;
        }
        int type = ((query[pos + 1] & 0xff) << 8) | (query[pos + 2] & 0xff);
        byte[] question = Arrays.copyOfRange(query, 12, pos + 5);
        String host = name.toString().toLowerCase(Locale.ROOT);
        Answer answer = answers.get(host);
        boolean a = type == 1;
        if (a) {
            queries.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
        }
        boolean withRecord = a && answer != null;
        ByteBuffer out = ByteBuffer.allocate(512)
                .put(query, 0, 2)                                       // id
                .putShort((short) (0x8180 | (answer == null ? 3 : 0))) // response, RD, RA; NXDOMAIN if unknown
                .putShort((short) 1).putShort((short) (withRecord ? 1 : 0)).putShort((short) 0).putShort((short) 0)
                .put(question);
        if (withRecord) {
            out.putShort((short) 0xC00C)                                // the name: a pointer to the question's
                    .putShort((short) 1).putShort((short) 1)            // A, IN
                    .putInt(answer.ttlSeconds())
                    .putShort((short) 4).put(answer.address().getAddress());
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(5_000);
    }
}
