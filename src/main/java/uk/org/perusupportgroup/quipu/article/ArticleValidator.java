package uk.org.perusupportgroup.quipu.article;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules every article obeys, whether it comes from a file or the admin API. Reports every
 * problem at once, one {@link FieldError} per problem.
 */
public final class ArticleValidator {

    /** The fields an article may have; {@code slug} only through the API (a file's name is its slug). */
    public static final Set<String> FIELDS = Set.of("slug", "title", "summary", "body", "published", "updated",
            "topics", "regions", "language", "author", "url", "status", "image", "translation");
    public static final Set<String> REQUIRED = Set.of("title", "summary", "published", "topics", "regions", "language");

    public static final int MAX_SLUG = 120;
    public static final int MAX_TITLE = 300;
    public static final int MAX_SUMMARY = 2_000;
    public static final int MAX_BODY = 500_000;
    public static final int MAX_AUTHOR = 200;
    /** Characters; the column holds 2,000 UTF-16 units, so even a URL of emoji fits. */
    public static final int MAX_URL = 1_000;

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");
    /** Characters XML 1.0 cannot carry, and other controls but tab and line breaks. */
    private static final Pattern FORBIDDEN = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\uFFFE\\uFFFF]");

    private final Vocabulary vocabulary;
    private final MarkdownRenderer markdown;

    public ArticleValidator(Vocabulary vocabulary, MarkdownRenderer markdown) {
        this.vocabulary = vocabulary;
        this.markdown = markdown;
    }

    /** The outcome: an article, or every problem found. */
    public record Result(Optional<Article> article, List<FieldError> errors) {

        public boolean valid() {
            return article.isPresent();
        }
    }

    /**
     * @param fields raw values: strings, lists of strings; anything else is a type error
     * @param allowed the field names this caller may send
     * @param slug the slug when the caller fixes it (a file name, a PUT path); else taken from the
     *     {@code slug} field, else derived from the title
     */
    public Result validate(Map<String, ?> fields, Set<String> allowed, Optional<String> slug,
            Optional<String> sourceFile) {
        var errors = new Errors();
        fields.keySet().stream().filter(key -> !allowed.contains(key)).sorted()
                .forEach(key -> errors.add(key, "unknown field (allowed: " + String.join(", ", sortedFields(allowed)) + ")"));
        REQUIRED.stream().filter(allowed::contains).filter(key -> fields.get(key) == null).sorted()
                .forEach(key -> errors.add(key, "required"));

        String title = text(fields, "title", MAX_TITLE, true, errors);
        String summary = text(fields, "summary", MAX_SUMMARY, false, errors);
        String body = Optional.ofNullable(text(fields, "body", MAX_BODY, false, errors)).orElse("");
        Instant published = date(fields, "published", errors);
        Instant updated = date(fields, "updated", errors);
        if (published != null && updated != null && updated.isBefore(published)) {
            errors.add("updated", "must not be before published");
        }
        List<String> topics = terms(fields, Facet.TOPIC, errors);
        List<String> regions = terms(fields, Facet.REGION, errors);
        String language = text(fields, "language", 35, true, errors);
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            errors.add("language", "'" + language + "' is not a language tag such as en, es or en-GB");
        }
        String author = text(fields, "author", MAX_AUTHOR, true, errors);
        URI url = url(fields, errors);
        Article.Status status = status(fields, errors);
        Image image = image(fields.get("image"), errors);
        String chosenSlug = slug.orElseGet(() -> text(fields, "slug", MAX_SLUG, true, errors));
        if (chosenSlug != null) {
            checkSlug(chosenSlug).ifPresent(problem -> errors.add("slug", problem));
        } else if (title != null) {
            chosenSlug = slugOf(title);
        }
        String translation = translation(fields, chosenSlug, errors);
        if (!errors.list.isEmpty()) {
            return new Result(Optional.empty(), List.copyOf(errors.list));
        }
        var article = new Article(chosenSlug, title, summary, body, markdown.render(body), published,
                Optional.ofNullable(updated), topics, regions, language, Optional.ofNullable(author),
                Optional.ofNullable(url), sourceFile, status, Optional.ofNullable(image), Optional.ofNullable(translation));
        return new Result(Optional.of(article), List.of());
    }

    /**
     * The slug of the same article in another language, if the editor names one: a slug (not a file name or an address),
     * and not this article's own. Whether such an article exists is not checked: either of the two may be written first,
     * and they link each other once both are public.
     */
    private static String translation(Map<String, ?> fields, String ownSlug, Errors errors) {
        String translation = text(fields, "translation", MAX_SLUG, true, errors);
        if (translation == null) {
            return null;
        }
        if (!SLUG.matcher(translation).matches()) {
            errors.add("translation", "'" + translation + "' is not an article's slug: give the slug of the same article in"
                    + " the other language (lower-case letters a-z, digits and single hyphens, as in its address /articles/…"
                    + " or its file name without .md)");
            return null;
        }
        if (translation.equals(ownSlug)) {
            errors.add("translation", "'" + translation + "' is this article's own slug: give the slug of the same article"
                    + " in the other language");
            return null;
        }
        return translation;
    }

    /**
     * The lead image: {@code {id, alt, caption, credit}}, the id an upload's ({@code /api/media}), the alt text required;
     * none when not given. Whether that upload exists is the service's to check.
     */
    private static Image image(Object value, Errors errors) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> given)) {
            errors.add("image", "must be an object: {\"id\": the upload's id, \"alt\": \"what it shows\", \"caption\", \"credit\"}");
            return null;
        }
        int from = errors.list.size();
        Map<String, Object> image = new java.util.HashMap<>();
        given.forEach((key, item) -> image.put(String.valueOf(key), item));
        image.keySet().stream().filter(key -> !Set.of("id", "alt", "caption", "credit").contains(key)).sorted()
                .forEach(key -> errors.add("image." + key, "unknown field (allowed: alt, caption, credit, id)"));
        Object id = image.get("id");
        long mediaId = -1;
        if (id instanceof Number number && number.longValue() > 0 && number.doubleValue() == number.longValue()) {
            mediaId = number.longValue();
        } else if (id instanceof String text && text.strip().matches("[1-9]\\d{0,17}")) {
            mediaId = Long.parseLong(text.strip());
        } else {
            errors.add("image.id", id == null ? "required: the id of an upload (POST /api/media answers it)"
                    : "'" + id + "' is not the id of an upload (a whole number, as POST /api/media answers it)");
        }
        String alt = text(image, "alt", Image.MAX_ALT, true, errors);
        if (alt == null && !errors.hasSince(from, "alt")) {
            errors.add("image.alt", "required for an image: describe what it shows for people who cannot see it");
        }
        String caption = text(image, "caption", Image.MAX_CAPTION, false, errors);
        String credit = text(image, "credit", Image.MAX_CREDIT, true, errors);
        // the text checks name the key alone: here they belong to the image
        errors.prefixSince(from, List.of("alt", "caption", "credit"), "image.");
        return mediaId > 0 && alt != null ? new Image(mediaId, alt, caption == null ? "" : caption, credit == null ? "" : credit)
                : null;
    }

    /** {@code draft} or {@code published}; published when not given. */
    private static Article.Status status(Map<String, ?> fields, Errors errors) {
        String text = text(fields, "status", 20, true, errors);
        if (text == null) {
            return Article.Status.PUBLISHED;
        }
        for (Article.Status status : Article.Status.values()) {
            if (status.word().equals(text.toLowerCase(Locale.ROOT))) {
                return status;
            }
        }
        errors.add("status", "'" + text + "' is not a status: draft or published (published with a time still to come"
                + " is scheduled)");
        return Article.Status.PUBLISHED;
    }

    /** @return what is wrong with a slug, or empty when it is a good one */
    public static Optional<String> checkSlug(String slug) {
        if (slug.length() > MAX_SLUG) {
            return Optional.of("at most " + MAX_SLUG + " characters");
        }
        if (!SLUG.matcher(slug).matches()) {
            return Optional.of("'" + slug + "' must be lower-case letters a-z, digits and single hyphens"
                    + " (no '/', '.', spaces or accents)");
        }
        return Optional.empty();
    }

    /** A slug from a title: accents dropped, lower case, words joined by hyphens, at most 80 characters. */
    public static String slugOf(String title) {
        String ascii = Normalizer.normalize(title, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 80) {
            int cut = slug.lastIndexOf('-', 80);
            slug = slug.substring(0, cut > 20 ? cut : 80).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "article" : slug;
    }

    private static List<String> sortedFields(Set<String> allowed) {
        return allowed.stream().sorted().toList();
    }

    private static String text(Map<String, ?> fields, String key, int max, boolean oneLine, Errors errors) {
        Object value = fields.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            errors.add(key, "must be text");
            return null;
        }
        String stripped = text.strip();
        if (stripped.isEmpty()) {
            if (REQUIRED.contains(key)) {
                errors.add(key, "must not be empty");
            }
            return null;
        }
        if (stripped.codePointCount(0, stripped.length()) > max) {
            errors.add(key, "at most " + max + " characters");
        } else if (FORBIDDEN.matcher(stripped).find()) {
            errors.add(key, "contains a control character");
        } else if (oneLine && (stripped.indexOf('\n') >= 0 || stripped.indexOf('\r') >= 0)) {
            errors.add(key, "must be one line");
        } else if (hasLoneSurrogate(stripped)) {
            errors.add(key, "contains an invalid character");
        }
        return stripped;
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static Instant date(Map<String, ?> fields, String key, Errors errors) {
        String text = text(fields, key, 40, true, errors);
        if (text == null) {
            return null;
        }
        Optional<Instant> instant = Dates.parse(text);
        if (instant.isEmpty()) {
            errors.add(key, "'" + text + "' is not a date: use 2017-11-19, 2017-11 or an RFC 3339 date-time"
                    + " such as 2017-11-19T10:30:00Z");
            return null;
        }
        int year = instant.get().atZone(java.time.ZoneOffset.UTC).getYear();
        if (year < 1800 || year > 2999) {
            errors.add(key, "'" + text + "' is out of range: years 1800 to 2999");
            return null;
        }
        return instant.get();
    }

    /** Topics and regions checked as an article's are, and the problems found. */
    public record Tags(List<String> topics, List<String> regions, List<FieldError> errors) {}

    /** The {@code topics} and {@code regions} of {@code fields} (lists of slugs, both required), as for an article. */
    public Tags tags(Map<String, ?> fields) {
        Errors errors = new Errors();
        for (Facet facet : Facet.values()) {
            if (fields.get(facet.plural()) == null) {
                errors.add(facet.plural(), "required: a list of " + facet.plural() + " slugs");
            }
        }
        List<String> topics = terms(fields, Facet.TOPIC, errors);
        List<String> regions = terms(fields, Facet.REGION, errors);
        return new Tags(topics, regions, List.copyOf(errors.list));
    }

    private List<String> terms(Map<String, ?> fields, Facet facet, Errors errors) {
        String key = facet.plural();
        Object value = fields.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            errors.add(key, "must be a list of " + key + " slugs");
            return List.of();
        }
        Set<String> slugs = new LinkedHashSet<>();
        for (Object item : list) {
            if (!(item instanceof String slug)) {
                errors.add(key, "must be a list of " + key + " slugs");
                return List.of();
            }
            if (vocabulary.find(facet, slug.strip()).isEmpty()) {
                errors.add(key, "unknown " + facet.name().toLowerCase(Locale.ROOT) + " '" + slug + "'");
            } else if (!slugs.add(slug.strip())) {
                errors.add(key, "'" + slug + "' is listed twice");
            }
        }
        if (list.isEmpty()) {
            errors.add(key, "at least one " + facet.name().toLowerCase(Locale.ROOT) + " is required");
        }
        return new ArrayList<>(slugs);
    }

    private static URI url(Map<String, ?> fields, Errors errors) {
        String text = text(fields, "url", MAX_URL, true, errors);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        errors.add("url", "'" + text + "' is not an absolute http or https URL");
        return null;
    }

    private static final class Errors {
        final List<FieldError> list = new ArrayList<>();

        void add(String field, String message) {
            list.add(new FieldError(field, message));
        }

        /** Whether an error about {@code field} was added since the {@code from}th. */
        boolean hasSince(int from, String field) {
            return list.subList(from, list.size()).stream().anyMatch(error -> error.field().equals(field));
        }

        /** Renames the errors of these fields added since the {@code from}th to {@code prefix + field}. */
        void prefixSince(int from, List<String> fields, String prefix) {
            for (int i = from; i < list.size(); i++) {
                FieldError error = list.get(i);
                if (fields.contains(error.field())) {
                    list.set(i, new FieldError(prefix + error.field(), error.message()));
                }
            }
        }
    }
}
