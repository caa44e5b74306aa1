package dev.courier.cli;

import dev.courier.Client;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Url;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --download}: the response body streamed into a file, with a progress bar, resumable with
 * {@code --continue}. httpie's rules:
 * <ul>
 *   <li>The file is {@code --output}, else the name in {@code Content-Disposition}, else the URL's
 *       last path segment (with an extension from the content type when it has none), made unique
 *       with a {@code -1}, {@code -2}... suffix rather than overwriting a file. Without {@code
 *       --output}, when stdout is not a terminal, the body goes to stdout
 *       ({@code courier -d URL | tar x}).
 *   <li>{@code Accept-Encoding: identity} is sent, so the bytes saved are the server's file and
 *       offsets for a resume mean the same on both sides.
 *   <li>{@code --continue} (with {@code --output}) asks for the rest with {@code Range: bytes=N-}:
 *       206 appends, 200 starts over, 416 when the file is already complete says so.
 *   <li>A status other than 2xx saves nothing and exits with 3, 4 or 5.
 * </ul>
 * The body is never held in memory: it is copied from the response stream to the file in 64 KiB
 * pieces.
 *
 * <pre>{@code
 * int exit = new Download(Path.of("big.iso"), true, System.err, Terminal.stderrIsTerminal(), false)
 *         .run(client, request, response -> {});
 * }</pre>
 */
final class Download {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes\\s+\\*/(\\d+)");
    private static final Pattern FILENAME_STAR = Pattern.compile("filename\\*\\s*=\\s*([^']*)'[^']*'([^;]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern FILENAME = Pattern.compile("filename\\s*=\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[^;]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("application/json", ".json"), Map.entry("text/html", ".html"), Map.entry("text/plain", ".txt"),
            Map.entry("application/xml", ".xml"), Map.entry("text/xml", ".xml"), Map.entry("text/csv", ".csv"),
            Map.entry("application/octet-stream", ".bin"), Map.entry("application/pdf", ".pdf"),
            Map.entry("application/zip", ".zip"), Map.entry("application/gzip", ".gz"),
            Map.entry("application/x-tar", ".tar"), Map.entry("image/png", ".png"), Map.entry("image/jpeg", ".jpg"),
            Map.entry("image/gif", ".gif"), Map.entry("image/svg+xml", ".svg"), Map.entry("image/webp", ".webp"),
            Map.entry("application/javascript", ".js"), Map.entry("text/css", ".css"));

    /** The most {@code -N} suffixes tried for a free file name. */
    static final int MAX_SUFFIX = 1000;

    private final Path output;
    private final boolean resume;
    private final PrintStream err;
    private final boolean stderrTerminal;
    private final boolean toStdout;

    /**
     * @param output the {@code --output} file, or null to name it from the response
     * @param resume {@code --continue}
     * @param err where the progress bar and messages go
     * @param stderrTerminal whether {@code err} is a terminal (a live bar) or not (a summary line)
     * @param toStdout whether, without {@code output}, the body goes to stdout (stdout is not a terminal)
     * @throws UsageException for {@code --continue} without {@code --output}
     */
    Download(Path output, boolean resume, PrintStream err, boolean stderrTerminal, boolean toStdout) {
        if (resume && output == null) {
            throw new UsageException("--continue needs --output FILE: the file to continue");
        }
        this.output = output;
        this.resume = resume;
        this.err = err;
        this.stderrTerminal = stderrTerminal;
        this.toStdout = toStdout && output == null;
    }

    /**
     * Sends {@code request} and saves its body; {@code onHead} sees the response head first (to print
     * headers). Returns the exit code.
     */
    int run(Client client, Request request, Consumer<Response> onHead) throws IOException {
        long offset = resume && Files.isRegularFile(output) ? Files.size(output) : 0;
        Request.Builder ask = request.toBuilder();
        if (!request.headers().contains("Accept-Encoding")) {
            ask.setHeader("Accept-Encoding", "identity");
        }
        if (offset > 0) {
            ask.setHeader("Range", "bytes=" + offset + "-");
        }
        try (Response response = client.stream(ask.build())) {
            onHead.accept(response);
            int status = response.statusCode();
            if (status == 416 && offset > 0 && isComplete(response, offset)) {
                err.println("courier: " + output + " is already complete (" + ProgressBar.size(offset) + ")");
                return ExitCodes.OK;
            }
            if (!response.isSuccess()) {
                err.println("courier: HTTP " + status + " " + response.reasonPhrase() + ": nothing downloaded");
                return ExitCodes.forStatus(status);
            }
            boolean append = false;
            if (status == 206 && offset > 0) {
                requireResumedAt(response, offset);
                append = true;
            } else if (offset > 0) {
                err.println("courier: the server sent the whole file instead of the rest: starting " + output + " over");
            }
            // A coded body is decoded as it arrives: Content-Length counts the coded bytes, not those saved.
            long length = response.headers().contains("Content-Encoding") ? -1 : contentLength(response);
            long total = length < 0 ? -1 : length + (append ? offset : 0);
            // Named from the final URL, after redirects (as httpie does); a name from the response never
            // replaces a file nor follows a link: it is created new, with a -1, -2... suffix when taken.
            CreatedFile created = toStdout || output != null ? null
                    : createUnique(Path.of(filename(response.url(), response)));
            Path target = toStdout ? null : output != null ? output : created.path();
            String label = target == null ? "<stdout>" : target.toString();
            ProgressBar bar = ProgressBar.start(err, label, total, stderrTerminal);
            if (append) {
                bar.resumeFrom(offset);
            }
            try (InputStream in = response.bodyStream();
                 OutputStream out = target == null ? CheckedOutput.of(System.out, "stdout")
                         : created != null ? created.out() : open(target, append)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    bar.advance(n);
                }
                out.flush();
            } catch (IOException | RuntimeException e) {
                bar.abandon();
                throw e;
            }
            if (total >= 0 && bar.done() < total) {
                bar.abandon();
                throw new IOException("incomplete download: " + bar.done() + " of " + total + " bytes in " + label);
            }
            bar.finish();
            return ExitCodes.OK;
        }
    }

    /** A 416 whose {@code Content-Range: bytes *}{@code /TOTAL} says the file is {@code offset} bytes long. */
    private static boolean isComplete(Response response, long offset) {
        String range = response.headers().get("Content-Range");
        Matcher m = range == null ? null : UNSATISFIED_RANGE.matcher(range.trim());
        return m != null && m.matches() && Long.parseLong(m.group(1)) == offset;
    }

    private static void requireResumedAt(Response response, long offset) throws IOException {
        String range = response.headers().get("Content-Range");
        Matcher m = range == null ? null : CONTENT_RANGE.matcher(range.trim());
        if (m == null || !m.matches() || Long.parseLong(m.group(1)) != offset) {
            throw new IOException("the server resumed with Content-Range " + range + ", not at byte " + offset
                    + ": nothing appended");
        }
    }

    private static long contentLength(Response response) {
        String length = response.headers().get("Content-Length");
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static OutputStream open(Path target, boolean append) throws IOException {
        return append ? CheckedOutput.open(target, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                : CheckedOutput.open(target, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE);
    }

    /**
     * The file name for a download: from {@code Content-Disposition}, else the URL's last path
     * segment ({@code index} when there is none), with an extension from the content type when the
     * name has none. Only a base name is ever returned: no directories, no leading dots.
     */
    static String filename(Url url, Response response) {
        return filename(url, response.headers().get("Content-Disposition"), response.headers().get("Content-Type"));
    }

    static String filename(Url url, String contentDisposition, String contentType) {
        String fromHeader = contentDisposition == null ? null : dispositionFilename(contentDisposition);
        if (fromHeader != null) {
            return fromHeader;
        }
        String path = url.path();
        String segment = path.substring(path.lastIndexOf('/') + 1);
        String name = safe(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
        if (name == null) {
            name = "index";
        }
        if (!name.contains(".") && contentType != null) {
            String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
            name += EXTENSIONS.getOrDefault(type, "");
        }
        return name;
    }

    private static String dispositionFilename(String header) {
        Matcher star = FILENAME_STAR.matcher(header);
        if (star.find()) {
            try {
                String charset = star.group(1).isBlank() ? "UTF-8" : star.group(1).trim();
                String name = safe(URLDecoder.decode(star.group(2).trim().replace("+", "%2B"), charset));
                if (name != null) {
                    return name;
                }
            } catch (IllegalArgumentException | java.io.UnsupportedEncodingException e) {
                // fall back to the plain filename parameter
            }
        }
        Matcher plain = FILENAME.matcher(header);
        while (plain.find()) {
            String value = plain.group(2) != null ? plain.group(2).replaceAll("\\\\(.)", "$1") : plain.group(1).trim();
            String name = safe(value);
            if (name != null) {
                return name;
            }
        }
        return null;
    }

    /** The base name of {@code name}, without controls or leading dots; null when nothing is left. */
    private static String safe(String name) {
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        base = base.replaceAll("\\p{Cntrl}", "").trim();
        while (base.startsWith(".")) {
            base = base.substring(1);
        }
        if (base.length() > 255) {
            base = base.substring(base.length() - 255);
        }
        return base.isEmpty() ? null : base;
    }

    /** A file made by {@link #createUnique}, open for writing. */
    record CreatedFile(Path path, OutputStream out) {}

    /**
     * Creates {@code name}, or {@code name-1}, {@code name-2}... when it exists (httpie's suffix), as a
     * new file: an existing file, or a link (even a dangling one), is never written through. Creating
     * it new also closes the race between looking and opening.
     *
     * @throws IOException when {@value #MAX_SUFFIX} names are all taken, or the file cannot be created
     */
    static CreatedFile createUnique(Path name) throws IOException {
        for (int attempt = 0; attempt <= MAX_SUFFIX; attempt++) {
            Path candidate = attempt == 0 ? name : name.resolveSibling(name.getFileName() + "-" + attempt);
            try {
                OutputStream out = Files.newOutputStream(candidate, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                return new CreatedFile(candidate, CheckedOutput.of(out, candidate));
            } catch (FileAlreadyExistsException taken) {
                // try the next suffix
            } catch (IOException e) {
                throw new IOException("cannot create " + candidate + ": " + e.getMessage(), e);
            }
        }
        throw new IOException("cannot save the download: " + name + " and " + name + "-1 to -" + MAX_SUFFIX
                + " all exist (use --output FILE)");
    }
}
