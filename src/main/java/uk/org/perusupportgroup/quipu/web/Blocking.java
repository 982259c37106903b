package uk.org.perusupportgroup.quipu.web;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs blocking work (the store) on a worker thread, or waits for a future, then answers on the event loop. A failure in
 * either part goes to the failure handler, so no request is ever left without an answer.
 */
final class Blocking {

    private Blocking() {}

    static <T> void run(RoutingContext ctx, Callable<T> work, Consumer<T> respond) {
        answer(ctx, ctx.vertx().executeBlocking(work, false), respond);
    }

    /** The same on a pool of its own. */
    static <T> void run(RoutingContext ctx, io.vertx.core.WorkerExecutor workers, Callable<T> work, Consumer<T> respond) {
        answer(ctx, workers.executeBlocking(work, false), respond);
    }

    /** Answers with the future's result on the event loop, or fails the request. */
    static <T> void answer(RoutingContext ctx, Future<T> future, Consumer<T> respond) {
        future.onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            try {
                respond.accept(result.result());
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        });
    }
}
