import io.netty.buffer.Unpooled;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmarks' yardstick for Vert.x itself: one file, from a buffer outside the heap, answered to every request with
 * no routing and no checks, on as many event loops as Quipu runs. What Quipu serves can go no faster than this.
 * Run by media-serving.sh: java -cp target/quipu.jar src/bench/PlainVertx.java FILE PORT
 */
public class PlainVertx {
    public static void main(String[] args) throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of(args[0]));
        ByteBuffer content = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
        int port = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(false)).requestHandler(request ->
                        request.response().putHeader("Content-Type", "image/jpeg")
                                .putHeader("Cache-Control", "public, max-age=31536000, immutable")
                                .end(BufferInternal.buffer(Unpooled.wrappedBuffer(content.duplicate()))))
                        .listen(port, "127.0.0.1");
            }
        }, new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors())).await();
        System.out.println("listening");
    }
}
