package uk.org.perusupportgroup.quipu.web;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import uk.org.perusupportgroup.quipu.article.Dates;
import uk.org.perusupportgroup.quipu.media.Media;
import uk.org.perusupportgroup.quipu.media.MediaLibrary;

/**
 * The staff page of photos and documents, {@code /admin/media}: an upload form, the same processing as
 * {@code POST /api/media} ({@link MediaHandler#receive}) recorded under the signed-in staff member's name, and the
 * newest uploads, each with its number (what the article form's "Photo number" takes) and the Markdown that places it
 * in an article's body. A refused upload shows the page again with the refusal's sentence beside its field.
 */
final class MediaPageHandler {

    /** The widest a thumbnail is shown, in CSS pixels. */
    private static final int THUMBNAIL = 160;
    /** The width of the copy an article's body shows (a narrower photo: its widest). */
    private static final int BODY_WIDTH = 960;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.UK).withZone(Dates.LONDON);
    private static final List<String> TEXT_FIELDS = List.of("alt", "caption", "credit");

    private final MediaHandler media;
    private final MediaLibrary library;
    private final String siteTitle;

    MediaPageHandler(MediaHandler media, MediaLibrary library, String siteTitle) {
        this.media = media;
        this.library = library;
        this.siteTitle = siteTitle;
    }

    /** {@code GET /admin/media[?done=N]}: the form and the newest uploads; after an upload, its number and snippet. */
    void page(RoutingContext ctx) {
        String doneParam = ctx.request().getParam("done");
        Optional<Long> done = doneParam != null && doneParam.matches("[0-9]{1,18}") ? Optional.of(Long.parseLong(doneParam))
                : Optional.empty();
        Blocking.run(ctx, () -> new Shown(library.recent(MediaHandler.RECENT), done.flatMap(library::find)),
                shown -> show(ctx, 200, shown, Map.of(), null));
    }

    /** Before the upload's body is read: one over the limit gets this page again, with the media limit's sentence. */
    void limits(RoutingContext ctx) {
        ctx.put(ErrorResponder.TOO_LARGE, media.tooLarge());
        ErrorResponder.RefusalPage page = problem -> refused(ctx, new MediaHandler.Refusal(problem, "file"), MultiMap.caseInsensitiveMultiMap());
        ctx.put(ErrorResponder.TOO_LARGE_PAGE, page);
        ctx.next();
    }

    /** {@code POST /admin/media}: {@code 303} to the page saying the upload's number; a refusal, the page again. */
    void upload(RoutingContext ctx) {
        media.receive(ctx, stored -> ctx.response().setStatusCode(303).putHeader("Cache-Control", "no-store")
                .putHeader("Location", "/admin/media?done=" + stored.media().id()).end(),
                refusal -> refused(ctx, refusal, ctx.request().formAttributes()));
    }

    private void refused(RoutingContext ctx, MediaHandler.Refusal refusal, MultiMap form) {
        Map<String, String> sent = new HashMap<>();
        for (String name : TEXT_FIELDS) {
            String value = form.get(name);
            sent.put(name, value == null ? "" : value);
        }
        Blocking.run(ctx, () -> new Shown(library.recent(MediaHandler.RECENT), Optional.empty()),
                shown -> show(ctx, refusal.problem().status(), shown, sent, refusal));
    }

    /** What the page shows: the newest uploads, and the one just made. */
    private record Shown(List<Media> recent, Optional<Media> done) {}

    /** @param sent the text fields as sent, shown again after a refusal; @param refusal null when there is none */
    private void show(RoutingContext ctx, int status, Shown shown, Map<String, String> sent, MediaHandler.Refusal refusal) {
        Map<String, Object> values = new HashMap<>();
        values.put("csrf", AdminAuth.csrfToken(ctx));
        values.put("done", shown.done().map(MediaPageHandler::item).stream().toList());
        values.put("refused", refusal != null);
        for (String name : List.of("file", "alt", "caption", "credit")) {
            values.put(name + "Error", refusal != null && refusal.field().equals(name) ? refusal.problem().message() : "");
        }
        for (String name : TEXT_FIELDS) {
            values.put(name, sent.getOrDefault(name, ""));
        }
        List<Map<String, Object>> items = new ArrayList<>();
        shown.recent().forEach(upload -> items.add(item(upload)));
        values.put("items", items);
        values.put("anyItems", !items.isEmpty());
        values.put("recent", MediaHandler.RECENT);
        AdminPageHandler.staffPage(ctx, status, siteTitle, PageTemplates.STAFF.message("staff_media_title"),
                PageTemplates.STAFF.body("staff-media", values));
    }

    /** One upload as the page lists it. */
    private static Map<String, Object> item(Media upload) {
        Media.File main = upload.main();
        Media.File smallest = upload.files().get(upload.files().size() - 1);
        boolean image = upload.kind() == Media.Kind.IMAGE;
        Map<String, Object> item = new HashMap<>();
        item.put("id", upload.id());
        item.put("image", image);
        item.put("kind", PageTemplates.STAFF.message("staff_media_kind_" + upload.kind().key()));
        item.put("url", "/media/" + main.name());
        item.put("thumbnail", "/media/" + smallest.name());
        int width = Math.min(THUMBNAIL, Math.max(smallest.width(), 1));
        item.put("thumbnailWidth", width);
        item.put("thumbnailHeight", smallest.width() > 0 ? Math.max(1, Math.round((float) smallest.height() * width / smallest.width())) : 0);
        item.put("alt", upload.alt());
        item.put("caption", upload.caption());
        item.put("credit", upload.credit());
        item.put("name", upload.originalName().isEmpty() ? main.name() : upload.originalName());
        item.put("width", main.width());
        item.put("height", main.height());
        item.put("size", size(main.length()));
        item.put("when", WHEN.format(upload.createdAt()));
        item.put("by", upload.createdBy().isEmpty() ? "–" : upload.createdBy());
        item.put("snippet", snippet(upload));
        return item;
    }

    /**
     * The Markdown that places an upload in an article's body: a photo at its 960-wide copy (or its widest, when it is
     * narrower) with its alt text; a document as a link, named by its caption or else its file's name.
     */
    static String snippet(Media upload) {
        if (upload.kind() == Media.Kind.IMAGE) {
            Media.File shown = upload.files().stream().filter(file -> file.width() == BODY_WIDTH).findFirst().orElse(upload.main());
            return "![" + markdownText(upload.alt()) + "](/media/" + shown.name() + ")";
        }
        String text = !upload.caption().isBlank() ? upload.caption()
                : !upload.originalName().isBlank() ? upload.originalName() : upload.main().name();
        return "[" + markdownText(text) + "](/media/" + upload.main().name() + ")";
    }

    /** Text inside Markdown's brackets: on one line, its backslashes and brackets escaped. */
    private static String markdownText(String text) {
        return text.strip().replaceAll("\\s+", " ").replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]");
    }

    /** A file's size in KB (of 1,024 bytes, rounded up) or, from 1 MB, in MB to one decimal. */
    private static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return (bytes + 1023) / 1024 + " KB";
        }
        return String.format(Locale.UK, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
