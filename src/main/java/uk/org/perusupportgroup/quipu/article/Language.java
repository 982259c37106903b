package uk.org.perusupportgroup.quipu.article;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The language of a public page or feed: English at the site's paths, Spanish under {@code /es/} with the same paths
 * after it ({@code /topics/puno} and {@code /es/topics/puno}, {@code /feeds/all.atom} and {@code /es/feeds/all.atom}).
 * The address alone says the language: no cookie, no redirect.
 */
public enum Language {

    EN("en", "", "English", DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK)),
    ES("es", "/es", "Español", DateTimeFormatter.ofPattern("d 'de' MMMM 'de' yyyy", Locale.forLanguageTag("es-PE")));

    private final String code;
    private final String prefix;
    private final String name;
    private final DateTimeFormatter day;

    Language(String code, String prefix, String name, DateTimeFormatter day) {
        this.code = code;
        this.prefix = prefix;
        this.name = name;
        this.day = day.withZone(Dates.LONDON);
    }

    /** The language of a path: Spanish at {@code /es} and under {@code /es/}. */
    public static Language of(String path) {
        return path.equals(ES.prefix) || path.startsWith(ES.prefix + "/") ? ES : EN;
    }

    /** The path without its language: {@code /es/topics/puno} is {@code /topics/puno}, {@code /es/} is {@code /}. */
    public static String unprefixed(String path) {
        if (of(path) == EN) {
            return path;
        }
        String rest = path.substring(ES.prefix.length());
        return rest.isEmpty() ? "/" : rest;
    }

    /** Its language tag ({@code <html lang>}, {@code hreflang}). */
    public String code() {
        return code;
    }

    /** What its paths start with: "" for English, {@code /es} for Spanish. */
    public String prefix() {
        return prefix;
    }

    /** Its own name for itself, as the language switch shows it. */
    public String ownName() {
        return name;
    }

    /** A path of the site in this language: {@code /topics/puno} is {@code /es/topics/puno} in Spanish. */
    public String path(String path) {
        return prefix + path;
    }

    /** A day as this language writes it ("5 December 2026", "5 de diciembre de 2026"), London time. */
    public String day(Instant instant) {
        return day.format(instant);
    }

    /** The other one: the page's twin is in it. */
    public Language other() {
        return this == EN ? ES : EN;
    }

    /** The site's language an article's language tag is written in ({@code es-PE} is Spanish); empty for any other. */
    public static java.util.Optional<Language> ofTag(String tag) {
        String primary = Translation.primary(tag);
        return java.util.Arrays.stream(values()).filter(language -> language.code.equals(primary)).findFirst();
    }

    /** The language of a subscriber's or form's code ("en", "es"); English for anything else. */
    public static Language ofCode(String code) {
        return ES.code.equals(code) ? ES : EN;
    }
}
