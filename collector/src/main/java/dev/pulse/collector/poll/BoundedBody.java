package dev.pulse.collector.poll;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A response body read up to a limit and a deadline: an engine that streams megabytes cannot grow the collector's
 * memory, nor one that drips its body hold the connection. Beyond the limit the rest is not read and the body is marked
 * truncated; past the deadline the body is abandoned (which closes the connection) with a {@link TimeoutException}.
 */
record BoundedBody(byte[] bytes, boolean truncated) {

    /** @param deadlineNanos {@link System#nanoTime()} by which the whole body must be in */
    static HttpResponse.BodyHandler<BoundedBody> handler(int limit, long deadlineNanos) {
        return info -> new Subscriber(limit, deadlineNanos);
    }

    private static final class Subscriber implements HttpResponse.BodySubscriber<BoundedBody> {
        private final int limit;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<BoundedBody> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Subscriber(int limit, long deadlineNanos) {
            this.limit = limit;
            result.orTimeout(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)
                    .whenComplete((body, failure) -> {
                        if (failure instanceof TimeoutException) {
                            cancel();
                        }
                    });
        }

        private synchronized void cancel() {
            if (subscription != null) {
                subscription.cancel();
            }
        }

        @Override
        public CompletionStage<BoundedBody> getBody() {
            return result;
        }

        @Override
        public synchronized void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (result.isDone()) {
                subscription.cancel();
                return;
            }
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int room = limit - out.size();
                if (buffer.remaining() > room) {
                    byte[] part = new byte[room];
                    buffer.get(part);
                    out.writeBytes(part);
                    subscription.cancel();
                    result.complete(new BoundedBody(out.toByteArray(), true));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                out.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(new BoundedBody(out.toByteArray(), false));
        }
    }
}
