package dev.courier.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * This JVM's native memory by Native Memory Tracking category, read in-process through the diagnostic command
 * MBean ({@code VM.native_memory summary}, as {@code jcmd} prints it). Needs
 * {@code -XX:NativeMemoryTracking=summary}, which the runner sets for S6.
 *
 * <p>S6 counts what a connection can cost natively: thread stacks, malloc'd memory, direct and Unsafe buffers
 * ("Other"), JNI and synchronizer structures. It leaves out the JVM's own machinery, whose size moves with the
 * JIT, class loading and the collector rather than with connections: the heap (counted apart, live), GC data,
 * classes and metaspace, code and compiler, symbols, arena chunks, and tracking itself. Memory that native
 * libraries get from malloc directly (not through the JVM) and the kernel's socket buffers are in no category.
 */
final class NativeMemory {
    private static final Set<String> JVM_MACHINERY = Set.of("Java Heap", "GC", "Class", "Metaspace", "Code",
            "Compiler", "Symbol", "Arena Chunk", "Shared class space", "Native Memory Tracking", "Module",
            "Logging", "Arguments", "Tracing", "Statistics", "String Deduplication");
    // "-                    Thread (reserved=21546KB, committed=1090KB)"
    private static final Pattern CATEGORY =
            Pattern.compile("^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)", Pattern.MULTILINE);

    private NativeMemory() {}

    /** Committed KiB by category; empty when tracking is off or the MBean cannot be reached. */
    static Map<String, Long> committedKiB() {
        Map<String, Long> byCategory = new LinkedHashMap<>();
        String summary;
        try {
            summary = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
        } catch (Exception e) {
            return byCategory;
        }
        Matcher m = CATEGORY.matcher(summary == null ? "" : summary);
        while (m.find()) {
            byCategory.put(m.group(1).trim(), Long.parseLong(m.group(3)));
        }
        return byCategory;
    }

    /** The committed KiB that S6 counts (see the class comment), or null when tracking is off. */
    static Long connectionKiB(Map<String, Long> committed) {
        if (committed.isEmpty()) {
            return null;
        }
        return committed.entrySet().stream().filter(e -> !JVM_MACHINERY.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }
}
