package uk.org.perusupportgroup.quipu.web;

import io.netty.buffer.Unpooled;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import uk.org.perusupportgroup.quipu.media.Media;
import uk.org.perusupportgroup.quipu.media.MediaLibrary;
import uk.org.perusupportgroup.quipu.media.MediaRefusedException;
import uk.org.perusupportgroup.quipu.media.ServedFile;
import uk.org.perusupportgroup.quipu.media.Upload;
import uk.org.perusupportgroup.quipu.publish.SiteLinks;

/**
 * Photos and documents: {@code POST /api/media} (an upload, multipart/form-data: {@code file}, {@code alt},
 * {@code caption}, {@code credit}), {@code GET /api/media} and {@code /api/media/{id}}, and the files themselves at
 * {@code /media/{name}}, public, immutable, served from any instance. The staff page's uploads ({@link MediaPageHandler})
 * go through the same {@link #receive}.
 */
final class MediaHandler {

    /** A file's name: the upload's content hash, the width of a photo, the extension. */
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{20}(-[0-9]{1,5})?\\.(jpg|png|webp|gif|pdf)");
    /** Where the files are. */
    static final String PREFIX = "/media/";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** A served file may not run or load anything, even if a browser were led to take it for a page. */
    private static final String SANDBOX = "default-src 'none'; sandbox";
    /** What a refused upload is answered with. */
    private static final Map<MediaRefusedException.Reason, Integer> STATUS = Map.of(
            MediaRefusedException.Reason.EMPTY, 400,
            MediaRefusedException.Reason.TOO_LARGE, 413,
            MediaRefusedException.Reason.SVG, 415,
            MediaRefusedException.Reason.HTML, 415,
            MediaRefusedException.Reason.UNKNOWN_TYPE, 415,
            MediaRefusedException.Reason.POLYGLOT, 415,
            MediaRefusedException.Reason.TOO_MANY_PIXELS, 413,
            MediaRefusedException.Reason.UNREADABLE, 400,
            MediaRefusedException.Reason.ALT_MISSING, 400,
            MediaRefusedException.Reason.TEXT_TOO_LONG, 400);
    /** How many uploads the list gives (the API's and the staff page's). */
    static final int RECENT = 50;

    private final MediaLibrary library;
    private final SiteLinks links;
    private final WorkerExecutor workers;

    /** @param workers the threads that decode and resize uploads: few, since each may take a few hundred MB */
    MediaHandler(MediaLibrary library, SiteLinks links, WorkerExecutor workers) {
        this.library = library;
        this.links = links;
        this.workers = workers;
    }

    /** Before the body is read: a body over the limit is answered with the media limit's sentence. */
    void limits(RoutingContext ctx) {
        ctx.put(ErrorResponder.TOO_LARGE, tooLarge());
        ctx.next();
    }

    /** The answer to a body over the upload routes' limit: the media limit's sentence. */
    Problem tooLarge() {
        return Problem.error(413, "media_too_large", Map.of("limit", library.limits().bytesText()));
    }

    /** {@code POST /api/media}: {@code 201} and the stored upload; {@code 200} and the earlier one for the same file. */
    void upload(RoutingContext ctx) {
        receive(ctx, stored -> json(ctx, stored.created() ? 201 : 200, write(stored.media())),
                refusal -> ErrorResponder.send(ctx, refusal.problem()));
    }

    /**
     * A refused upload: the answer's problem, and the form field it is about ({@code file}, {@code alt}, {@code caption}
     * or {@code credit}).
     */
    record Refusal(Problem problem, String field) {}

    /** What the media workers made of an upload: stored, or refused. */
    private record Received(MediaLibrary.Stored stored, Refusal refusal) {}

    /**
     * The upload of the request, for the API and the staff page alike: its multipart/form-data ({@code file},
     * {@code alt}, {@code caption}, {@code credit}, read into the upload directory by the route's body handler) checked,
     * cleaned and stored on the media workers, recorded as sent by {@link Editor#of}; then, on the event loop,
     * {@code stored}, or {@code refused} with why (nothing stored).
     */
    void receive(RoutingContext ctx, Consumer<MediaLibrary.Stored> stored, Consumer<Refusal> refused) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            refused.accept(new Refusal(Problem.error(415, "media_not_multipart"), "file"));
            return;
        }
        Optional<FileUpload> file = ctx.fileUploads().stream().filter(upload -> upload.name().equals("file")).findFirst();
        if (file.isEmpty()) {
            refused.accept(new Refusal(Problem.error(400, "media_no_file"), "file"));
            return;
        }
        var form = ctx.request().formAttributes();
        Path path = Path.of(file.get().uploadedFileName());
        String name = file.get().fileName();
        String by = Editor.of(ctx);
        Blocking.run(ctx, workers, () -> {
            try {
                return new Received(library.upload(new Upload(Files.readAllBytes(path), name, form.get("alt"), form.get("caption"),
                        form.get("credit"), by)), null);
            } catch (MediaRefusedException e) {
                return new Received(null, new Refusal(problem(e), field(e)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, received -> {
            if (received.refusal() != null) {
                refused.accept(received.refusal());
            } else {
                stored.accept(received.stored());
            }
        });
    }

    /** The form field a refusal is about: the text field for missing or long text, else the file. */
    private static String field(MediaRefusedException refused) {
        return switch (refused.reason()) {
            case ALT_MISSING -> "alt";
            case TEXT_TOO_LONG -> String.valueOf(refused.values().get("field"));
            default -> "file";
        };
    }

    /** The answer to a refused upload: its status, and the sentence of its reason. */
    static Problem problem(MediaRefusedException refused) {
        return Problem.error(STATUS.get(refused.reason()), refused.reason().key(), refused.values());
    }

    /** {@code GET /api/media}: the newest uploads. */
    void list(RoutingContext ctx) {
        Blocking.run(ctx, () -> library.recent(RECENT), recent -> {
            JsonArray items = new JsonArray();
            recent.forEach(media -> items.add(write(media)));
            json(ctx, 200, new JsonObject().put("media", items));
        });
    }

    /** {@code GET /api/media/{id}}. */
    void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!id.matches("[0-9]{1,18}")) {
            ErrorResponder.send(ctx, Problem.error(404, "no_media_upload", Map.of("id", id)));
            return;
        }
        Blocking.run(ctx, () -> library.find(Long.parseLong(id)), found -> {
            if (found.isEmpty()) {
                ErrorResponder.send(ctx, Problem.error(404, "no_media_upload", Map.of("id", id)));
            } else {
                json(ctx, 200, write(found.get()));
            }
        });
    }

    /**
     * A {@code GET} or {@code HEAD} of {@code /media/{name}} whose file is in the cache, answered at once, before the route
     * table: the most requested path of all, and one with nothing to check but the name. Anything else is left to the
     * routes ({@link #serve}).
     *
     * @return whether the request was answered
     */
    boolean serveCached(HttpServerRequest request) {
        String path = request.path();
        if (!path.startsWith(PREFIX) || (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD)) {
            return false;
        }
        // a name the cache holds was checked before it was stored, and only stored names are cached
        Optional<ServedFile> cached = library.cachedFile(path.substring(PREFIX.length()));
        cached.ifPresent(file -> send(request, file));
        return cached.isPresent();
    }

    /** {@code GET /media/{name}}: the file, from the cache when it is there, else from the database. */
    void serve(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        if (!NAME.matcher(name).matches()) {
            ErrorResponder.send(ctx, Problem.error(404, "no_media", Map.of("name", name)));
            return;
        }
        Optional<ServedFile> cached = library.cachedFile(name);
        if (cached.isPresent()) {
            send(ctx.request(), cached.get());
            return;
        }
        Blocking.run(ctx, () -> library.file(name), found -> {
            if (found.isEmpty()) {
                ErrorResponder.send(ctx, Problem.error(404, "no_media", Map.of("name", name)));
            } else {
                send(ctx.request(), found.get());
            }
        });
    }

    private static void send(HttpServerRequest request, ServedFile file) {
        String etag = "\"" + file.name().substring(0, file.name().lastIndexOf('.')) + "\"";
        HttpServerResponse response = request.response()
                .putHeader("Cache-Control", IMMUTABLE)
                .putHeader("ETag", etag)
                .putHeader("Content-Security-Policy", SANDBOX)
                .putHeader("Content-Disposition", "inline; filename=\"" + file.name() + "\"");
        if (matches(request.getHeader("If-None-Match"), etag)) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader("Content-Type", file.contentType());
        if (request.method() == HttpMethod.HEAD) {
            // the length the GET would send (Vert.x sends no body and no length of its own for a HEAD)
            response.putHeader("Content-Length", Integer.toString(file.length())).end();
            return;
        }
        // A view of the file's bytes outside the heap, which are never changed (the cache and other requests share
        // them): written to the socket as they are, no copy for each request.
        response.end(BufferInternal.buffer(Unpooled.wrappedBuffer(file.content().duplicate())));
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private JsonObject write(Media media) {
        Media.File main = media.main();
        JsonObject json = new JsonObject().put("id", media.id()).put("kind", media.kind().key())
                .put("url", url(main)).put("type", main.contentType());
        if (main.width() > 0) {
            json.put("width", main.width()).put("height", main.height());
        }
        json.put("alt", media.alt()).put("caption", media.caption()).put("credit", media.credit())
                .put("originalName", media.originalName())
                .put("created", uk.org.perusupportgroup.quipu.article.Dates.format(media.createdAt()));
        JsonArray renditions = new JsonArray();
        for (Media.File file : media.files()) {
            JsonObject rendition = new JsonObject().put("url", url(file));
            if (file.width() > 0) {
                rendition.put("width", file.width()).put("height", file.height());
            }
            renditions.add(rendition.put("type", file.contentType()).put("length", file.length()));
        }
        return json.put("renditions", renditions);
    }

    private String url(Media.File file) {
        return links.base() + "/media/" + file.name();
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body.encodePrettily() + "\n");
    }
}
