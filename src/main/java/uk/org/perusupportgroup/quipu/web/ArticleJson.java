package uk.org.perusupportgroup.quipu.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.article.Dates;
import uk.org.perusupportgroup.quipu.article.StoredArticle;
import uk.org.perusupportgroup.quipu.publish.SiteLinks;

/** Articles as the admin API writes them, and request bodies as the validator reads them. */
final class ArticleJson {

    private ArticleJson() {}

    static JsonObject write(StoredArticle stored, SiteLinks links, boolean withBody) {
        Article article = stored.article();
        JsonObject json = new JsonObject()
                .put("slug", article.slug())
                .put("id", stored.tagId(links.tagAuthority()))
                .mergeIn(fields(article, withBody))
                .put("source_file", article.sourceFile().orElse(null))
                .put("permalink", links.article(article.slug()));
        return json;
    }

    /** What the editor wrote, as the API takes it back: every field of an article but its slug and file. */
    static JsonObject fields(Article article, boolean withBody) {
        JsonObject json = new JsonObject()
                .put("title", article.title())
                .put("summary", article.summary())
                .put("published", Dates.format(article.published()))
                .put("updated", article.updated().map(Dates::format).orElse(null))
                .put("topics", new JsonArray(article.topics()))
                .put("regions", new JsonArray(article.regions()))
                .put("language", article.language())
                .put("translation", article.translation().orElse(null))
                .put("author", article.author().orElse(null))
                .put("url", article.url().map(Object::toString).orElse(null))
                .put("status", article.status().word())
                .put("image", article.image().map(image -> new JsonObject().put("id", image.mediaId()).put("alt", image.alt())
                        .put("caption", image.caption()).put("credit", image.credit())).orElse(null));
        if (withBody) {
            json.put("body", article.body());
        }
        return json;
    }

    /**
     * The fields of a JSON object body: strings, lists and whatever else was sent (for the validator
     * to name as wrong).
     *
     * @throws ErrorResponder.ProblemException when the body is not a JSON object
     */
    static Map<String, Object> read(Buffer body) {
        if (body == null || body.length() == 0) {
            throw new ErrorResponder.ProblemException(Problem.error(400, "body_empty"));
        }
        Object parsed;
        try {
            parsed = Json.decodeValue(body);
        } catch (DecodeException e) {
            throw new ErrorResponder.ProblemException(Problem.error(400, "body_not_json",
                    Map.of("detail", e.getMessage().replaceAll("\\s+", " "))));
        }
        if (!(parsed instanceof JsonObject json)) {
            throw new ErrorResponder.ProblemException(Problem.error(400, "body_not_object"));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String key : json.fieldNames()) {
            Object value = json.getValue(key);
            fields.put(key, value instanceof JsonArray array ? array.getList() : value instanceof JsonObject object ? object.getMap() : value);
        }
        return fields;
    }
}
