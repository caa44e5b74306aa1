package dev.courier.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One run of one client (or reference tool) in one scenario: the JSON line a {@link ClientProcess}
 * prints, and what {@link PeerComparison} keeps. Absent figures are null. Latencies in µs, CPU in
 * µs, memory in KiB.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
final class Result {
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Always "result": tells the result line from anything else a client prints. */
    public String type = "result";
    public String client;
    public String scenario;
    /** Set by the runner. */
    public Integer round;
    /** True for wrk and h2load. */
    public Boolean reference;

    /** Completed requests (S4: downloads) in the timed window. */
    public Long requests;
    /** The timed window's length. */
    public Double seconds;
    public Double reqPerSec;
    /** Body bytes moved in the window (S4: downloaded, S5: uploaded). */
    public Long bodyBytes;
    public Double mibPerSec;

    public Double p50Us;
    public Double p99Us;
    public Double p999Us;
    public Double meanUs;

    /** The client process's CPU time over the window, user and system. */
    public Double cpuUserUs;
    public Double cpuSysUs;
    public Double cpuUsPerReq;
    /** S4: CPU µs per MiB downloaded. */
    public Double cpuUsPerMiB;
    /** Java heap bytes allocated per request (S4: per MiB) over the window; null if unknown. */
    public Double allocBytesPerReq;
    /** S4: Java heap bytes allocated per MiB downloaded. */
    public Double allocBytesPerMiB;
    /** How the allocation was counted (see ClientProcess.Allocation). */
    public String allocMethod;
    /**
     * Milliseconds the client's JIT spent compiling during the window (from the JVM's compilation
     * bean); a steady-state window has little. Null when the JVM does not say.
     */
    public Long jitMsInWindow;
    /**
     * CPU µs of the JIT's compiler threads during the window (from /proc; compiler threads that
     * exited inside it are missed): the share of the window's CPU that was compiling.
     */
    public Long jitCpuUsInWindow;
    /** VmHWM at the end of the run. */
    public Long peakRssKiB;

    /** S6: connections of the client to the server open when idle (less the warm-up's). */
    public Integer idleConnections;
    public Long rssDeltaKiB;
    public Double rssKiBPerConn;
    public Double heapKiBPerConn;
    /** S6: native memory per connection from Native Memory Tracking (see NativeMemory); null without it. */
    public Double nativeKiBPerConn;

    /** The server's CPU use over the window, in % of one core (set by the runner). */
    public Double serverCpuPct;

    /** True if the client cannot speak the scenario's protocol (the run was skipped; {@link #error} says why). */
    public Boolean unsupported;

    public Long errors;
    /** The first error, for a failed run. */
    public String error;
    /** The client's JVM (java.vm.name java.runtime.version, available processors). */
    public String jvm;

    /** Parses a line if it is a result line, else null. */
    static Result parse(String line) {
        String t = line.trim();
        if (!t.startsWith("{") || !t.contains("\"type\":\"result\"")) {
            return null;
        }
        try {
            return JSON.readValue(t, Result.class);
        } catch (Exception e) {
            return null;
        }
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
