package dev.courier.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/** The /proc readings behind the report's CPU figures, read in this test's own JVM. */
class ProcTest {
    @Test
    void theCompilerThreadsAreFoundAndTheirCpuCounted() throws Exception {
        // This JVM has compiled JUnit and more by now; new code keeps its compilers busy until
        // they have used at least one tick (10 ms) of CPU. Bounded: a JVM without them fails.
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] data = new byte[1 << 16];
        long us = Proc.compilerThreadsCpuUs();
        for (int i = 0; i < 2_000 && us == 0; i++) {
            data = sha.digest(data.length > 32 ? data : new byte[1 << 16]);
            us = Proc.compilerThreadsCpuUs();
        }
        assertTrue(us > 0, "no CPU found for the C1/C2 compiler threads under /proc/self/task");
        assertTrue(us <= Proc.cpu("self").totalUs(), "the compilers' CPU is part of the process's");
    }

    @Test
    void theCongestionControlIsTheKernelsSetting() throws Exception {
        Path setting = Path.of("/proc/sys/net/ipv4/tcp_congestion_control");
        String expected = Files.isReadable(setting) ? Files.readString(setting).strip() : "unknown";
        assertEquals(expected, Proc.tcpCongestionControl());
    }
}
