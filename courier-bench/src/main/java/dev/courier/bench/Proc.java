package dev.courier.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Linux /proc readings: process CPU time, resident memory, a process's TCP connections. */
final class Proc {
    /** USER_HZ: the unit of utime/stime in /proc/[pid]/stat; 100 on every Linux architecture we run on. */
    static final long CLOCK_TICKS_PER_SECOND = 100;

    private Proc() {}

    /** User and system CPU time of a whole process (all its threads, live or exited), in µs. */
    record Cpu(long userUs, long sysUs) {
        long totalUs() {
            return userUs + sysUs;
        }

        Cpu minus(Cpu start) {
            return new Cpu(userUs - start.userUs, sysUs - start.sysUs);
        }
    }

    /** The CPU time of {@code pid} ("self" for this process), from /proc/[pid]/stat utime and stime. */
    static Cpu cpu(String pid) {
        return cpuOf(read(Path.of("/proc", pid, "stat")));
    }

    /** utime and stime of a process's or thread's stat line. */
    private static Cpu cpuOf(String stat) {
        // Fields after the command name, which is in parentheses and may hold spaces.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long usPerTick = 1_000_000 / CLOCK_TICKS_PER_SECOND;
        return new Cpu(Long.parseLong(f[11]) * usPerTick, Long.parseLong(f[12]) * usPerTick);
    }

    /**
     * The CPU time, in µs, of this process's live JIT compiler threads (HotSpot's "C1 CompilerThread"
     * and "C2 CompilerThread", whose names /proc cuts to 15 characters). A compiler thread that has
     * exited no longer counts, so a difference of two readings is at least what compiling cost.
     */
    static long compilerThreadsCpuUs() {
        long us = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException exited) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    us += cpuOf(stat).totalUs();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return us;
    }

    /** This machine's TCP congestion control now (new sockets get it), or "unknown". */
    static String tcpCongestionControl() {
        try {
            return read(Path.of("/proc/sys/net/ipv4/tcp_congestion_control")).strip();
        } catch (UncheckedIOException e) {
            return "unknown";
        }
    }

    /** A field of /proc/self/status in KiB ("VmRSS", "VmHWM"). */
    static long statusKiB(String field) {
        for (String line : read(Path.of("/proc/self/status")).split("\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
            }
        }
        throw new IllegalStateException("No " + field + " in /proc/self/status");
    }

    /**
     * The established TCP connections of this process to {@code remotePort} on the loopback:
     * the sockets among /proc/self/fd matched by inode to /proc/self/net/tcp and tcp6.
     */
    static int establishedConnections(int remotePort) {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException ignored) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String port = String.format("%04X", remotePort);
        int n = 0;
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : read(p).split("\n")) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                if (f.length < 10 || f[0].equals("sl")) {
                    continue;
                }
                boolean established = f[3].equals("01");
                boolean toPort = f[2].endsWith(":" + port);
                if (established && toPort && inodes.contains(f[9])) {
                    n++;
                }
            }
        }
        return n;
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
