package org.odooplatform.common;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One HTTP exchange bounded in time and size, for every client of an external HTTP API.
 *
 * <p>{@link HttpRequest#timeout} only bounds the wait for the response headers: a server that
 * answers its headers at once and then drips the body a byte a second, or sends 100 MB, would hold
 * a {@code BodyHandlers.ofString()} reader forever or fill the heap. Here the whole exchange
 * (headers and body) must end within {@code timeout}, and the body may not exceed {@code maxBytes}
 * (checked against {@code Content-Length} before reading, and while reading a body without one).
 * While waiting, {@code waiting} is told every {@code tick} how long it has waited, so a command
 * prints progress instead of hanging in silence.
 */
public final class BoundedHttp {

    /** The answer's body is larger than allowed: nothing more is read from it. */
    public static final class TooLargeException extends IOException {
        private final long limit;

        TooLargeException(long limit, String detail) {
            super(detail);
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    private BoundedHttp() {
    }

    public static HttpResponse<byte[]> send(HttpClient http, HttpRequest request, Duration timeout, long maxBytes,
            Duration tick, Consumer<Duration> waiting) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request, info -> limited(info, maxBytes));
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long step = Math.max(1, tick.toNanos());
        try {
            while (true) {
                long now = System.nanoTime();
                long left = deadline - now;
                if (left <= 0) {
                    answer.cancel(true); // closes the connection of the exchange (JDK 16+)
                    throw new HttpTimeoutException("no complete answer within " + Durations.format(timeout));
                }
                try {
                    return answer.get(Math.min(left, step), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    if (System.nanoTime() < deadline && waiting != null) {
                        waiting.accept(Duration.ofNanos(System.nanoTime() - start));
                    }
                }
            }
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        }
    }

    private static IOException unwrap(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TooLargeException tooLarge) {
                return tooLarge;
            }
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
        }
        return new IOException(cause == null ? "unknown failure" : cause.toString(), cause);
    }

    private static HttpResponse.BodySubscriber<byte[]> limited(HttpResponse.ResponseInfo info, long maxBytes) {
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        return new Limited(maxBytes, declared);
    }

    /** Collects the body up to {@code max} bytes; cancels the stream as soon as it is longer. */
    private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
        private final long max;
        private final long declared;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private Flow.Subscription subscription;

        Limited(long max, long declared) {
            this.max = max;
            this.declared = declared;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declared > max) {
                s.cancel();
                body.completeExceptionally(new TooLargeException(max, "the answer announces " + Sizes.format(declared)
                        + ", more than the " + Sizes.format(max) + " allowed"));
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                if (bytes.size() + (long) b.remaining() > max) {
                    subscription.cancel();
                    body.completeExceptionally(new TooLargeException(max, "the answer is longer than the "
                            + Sizes.format(max) + " allowed"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }

    /**
     * Where a 3xx answer points, resolved against the request and without user info (a Location may
     * carry {@code user:password@}), or null when it names none.
     */
    public static String redirectTarget(URI request, HttpResponse<?> response) {
        String location = response.headers().firstValue("Location").orElse(null);
        if (location == null || location.isBlank()) {
            return null;
        }
        try {
            URI target = request.resolve(new URI(location.trim()));
            return new URI(target.getScheme(), null, target.getHost(), target.getPort(), target.getPath(), null, null)
                    .toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return "an address that is not a valid URL";
        }
    }

    /** Sizes as people read them: 512 bytes, 16 MB. */
    public static final class Sizes {
        private Sizes() {
        }

        public static String format(long bytes) {
            if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
                return bytes / (1024 * 1024) + " MB";
            }
            if (bytes >= 1024 * 1024) {
                return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
            }
            if (bytes >= 1024) {
                return bytes / 1024 + " KB";
            }
            return bytes + " bytes";
        }
    }
}
