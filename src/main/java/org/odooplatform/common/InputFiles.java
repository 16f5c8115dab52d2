package org.odooplatform.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way the CLI reads a file it was given (settings, compose files, {@code .odoo-platform.yml},
 * {@code HISTORY.rst}, registry config, key files): bounded in size and time, UTF-8 text only, and
 * every refusal a {@link BadInputException} naming the file (and the line where it can).
 *
 * <ul>
 *   <li>a directory is refused; a FIFO, a device or {@code /dev/stdin} is read like a file (so
 *       {@code --env-file <(gpg -d rancher.env.gpg)} works) but must end within the time-out
 *       ({@value #TIMEOUT_VARIABLE}, default 10s) and the size bound: a FIFO nobody writes to, or
 *       {@code /dev/zero}, ends with a clear error instead of a hang;</li>
 *   <li>larger than the bound (4 MB for text): refused before it is read when the size is known;</li>
 *   <li>a NUL byte: refused as binary, with its line;</li>
 *   <li>bytes that are not UTF-8 (a Latin-1 {@code é}): refused with the line and the byte's
 *       position in it; the byte itself is not shown, since it may be part of a secret;</li>
 *   <li>a UTF-8 byte order mark (what Windows editors write) is accepted and stripped: it is
 *       not part of the content, and a stripped BOM is reported in {@link Text#bom()} so a file
 *       rewritten line by line keeps it.</li>
 * </ul>
 */
public final class InputFiles {

    /** Bound of a text input: the largest real settings or compose file is a few KB. */
    public static final long MAX_TEXT_BYTES = 4L * 1024 * 1024;

    public static final String TIMEOUT_VARIABLE = "ODOO_PLATFORM_FILE_TIMEOUT";

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** A decoded text file. */
    public record Text(String text, boolean bom) {
    }

    private InputFiles() {
    }

    /**
     * The environment's {@value #TIMEOUT_VARIABLE}, as {@code cli.Main} read it at start: one bound for
     * every file the run reads, so it is kept here rather than passed to each of them. Read (and
     * refused, exit 2) at the first file, as the variable would be.
     */
    private static volatile Environment environment = Environment.of(java.util.Map.of());

    /** Sets where {@link #timeout()} reads {@value #TIMEOUT_VARIABLE}: the run's environment ({@code cli.Main}). */
    public static void useEnvironment(Environment env) {
        environment = env;
    }

    /** The time a FIFO or device may take to deliver its content: {@value #TIMEOUT_VARIABLE} or 10s. */
    public static Duration timeout() {
        String value = environment.value(TIMEOUT_VARIABLE);
        if (value == null || value.isBlank()) {
            return DEFAULT_TIMEOUT;
        }
        try {
            long seconds = Long.parseLong(value.trim().replaceFirst("s$", ""));
            if (seconds > 0 && seconds <= 3600) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadInputException(TIMEOUT_VARIABLE + " '" + value + "': expected a number of seconds (1-3600), e.g. 10");
    }

    /** Reads a UTF-8 text file of at most {@link #MAX_TEXT_BYTES}, BOM stripped. */
    public static String readText(Path file) {
        return read(file).text();
    }

    public static Text read(Path file) {
        return read(file, MAX_TEXT_BYTES, timeout());
    }

    public static Text read(Path file, long maxBytes, Duration timeout) {
        return decode(file, readBytes(file, maxBytes, timeout));
    }

    /** The file's bytes, at most {@code maxBytes}, within {@code timeout} when it is not a regular file. */
    public static byte[] readBytes(Path file, long maxBytes, Duration timeout) {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file, 0, "is a directory: expected a file");
        }
        if (!Files.exists(file)) {
            throw new BadInputException(file, 0, "file not found");
        }
        try {
            if (Files.isRegularFile(file)) {
                long size = Files.size(file);
                if (size > maxBytes) {
                    throw tooLarge(file, maxBytes, size + " bytes");
                }
                try (InputStream in = Files.newInputStream(file)) {
                    return readAtMost(file, in, maxBytes);
                }
            }
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, 0, "file not found");
        } catch (AccessDeniedException e) {
            throw new BadInputException(file, 0, "cannot be read (permission denied)");
        } catch (IOException e) {
            throw new BadInputException(file, 0, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return readStream(file, maxBytes, timeout);
    }

    /**
     * A FIFO or a device: opening a FIFO blocks until a writer comes, and a read may never end, so
     * both happen on a daemon thread that is abandoned at the time-out (the process exits soon after).
     */
    private static byte[] readStream(Path file, long maxBytes, Duration timeout) {
        CompletableFuture<byte[]> content = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (InputStream in = Files.newInputStream(file)) {
                content.complete(readAtMost(file, in, maxBytes));
            } catch (Throwable t) {
                content.completeExceptionally(t);
            }
        }, "read " + file.getFileName());
        reader.setDaemon(true);
        reader.start();
        try {
            return content.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reader.interrupt();
            throw new BadInputException(file, 0, "is not a regular file (a FIFO, a device or a pipe) and did not deliver"
                    + " its content within " + org.odooplatform.common.Durations.format(timeout) + " (" + TIMEOUT_VARIABLE
                    + "): expected a file, or a pipe whose writer ends");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BadInputException bad) {
                throw bad;
            }
            throw new BadInputException(file, 0, "cannot be read (" + e.getCause().getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException(file, 0, "reading was interrupted");
        }
    }

    private static byte[] readAtMost(Path file, InputStream in, long maxBytes) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
            throw tooLarge(file, maxBytes, "more");
        }
        return bytes;
    }

    private static BadInputException tooLarge(Path file, long maxBytes, String size) {
        return new BadInputException(file, 0, "is larger than " + BoundedHttp.Sizes.format(maxBytes) + " (" + size
                + "): expected a small text file (not a device such as /dev/zero, or a binary file)");
    }

    /** UTF-8 (BOM stripped), or a {@link BadInputException} at the line of the first NUL or non-UTF-8 byte. */
    public static Text decode(Path file, byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new BadInputException(file, lineOf(bytes, i), "contains a NUL byte (byte " + column(bytes, i)
                        + " of the line): expected a text file, not a binary one");
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            throw new BadInputException(file, lineOf(bytes, at), "byte " + column(bytes, at) + " of the line is not UTF-8"
                    + " (Latin-1 or Windows-1252?): expected UTF-8 text; convert the file, e.g. iconv -f latin1 -t utf-8");
        }
        decoder.flush(out);
        out.flip();
        return new Text(out.toString(), start == 3);
    }

    private static int lineOf(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /** 1-based position of the byte in its line. */
    private static int column(byte[] bytes, int offset) {
        int i = offset;
        while (i > 0 && bytes[i - 1] != '\n') {
            i--;
        }
        return offset - i + 1;
    }
}
