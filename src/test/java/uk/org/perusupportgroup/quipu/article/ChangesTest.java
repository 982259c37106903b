package uk.org.perusupportgroup.quipu.article;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ChangesTest {

    private static final Article ONE = new Article("a", "Title", "Summary", "Body", "", Instant.parse("2026-12-07T08:00:00Z"),
            Optional.empty(), List.of("environment"), List.of("puno"), "en", Optional.empty(), Optional.empty(), Optional.empty());

    /** The lines as text: " " same, "-" removed, "+" added, "…" left out. */
    private static String shown(String before, String after) {
        return Changes.lines(before, after).stream().map(line -> switch (line.kind()) {
            case SAME -> " " + line.text();
            case REMOVED -> "-" + line.text();
            case ADDED -> "+" + line.text();
            case GAP -> "…";
        }).collect(Collectors.joining("\n"));
    }

    @Test
    void namesTheFieldsThatDiffer() {
        Article other = new Article("a", "New title", "Summary", "Body", "", ONE.published(), Optional.empty(),
                List.of("environment", "corruption"), List.of("puno"), "en", Optional.empty(), Optional.empty(), Optional.empty(),
                Article.Status.DRAFT);
        assertEquals(List.of("title", "status", "topics"), Changes.fields(ONE, other));
        assertEquals(List.of(), Changes.fields(ONE, ONE));
        assertEquals(13, Changes.fields(null, ONE).size(), "a first version: everything is new");
    }

    @Test
    void namesTheTranslationWhenItIsNamedOrChanged() {
        Article named = new Article(ONE.slug(), ONE.title(), ONE.summary(), ONE.body(), ONE.bodyHtml(), ONE.published(),
                ONE.updated(), ONE.topics(), ONE.regions(), ONE.language(), ONE.author(), ONE.url(), ONE.sourceFile(),
                ONE.status(), ONE.image(), Optional.of("a-en-espanol"));
        assertEquals(List.of("translation"), Changes.fields(ONE, named));
        assertEquals(List.of("translation"), Changes.fields(named, ONE));
    }

    @Test
    void showsChangedLinesWithThreeLinesAroundAndGapsForTheRest() {
        String before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12";
        String after = "1\n2\n3\n4\n5\nsix\n7\n8\n9\n10\n11\n12";
        assertEquals("…\n 3\n 4\n 5\n-6\n+six\n 7\n 8\n 9\n…", shown(before, after));
    }

    @Test
    void nearbyChangesShareTheirContextAndAChangeAtTheStartHasNoGapBefore() {
        assertEquals("-1\n+one\n 2\n 3\n-4\n+four\n 5", shown("1\n2\n3\n4\n5", "one\n2\n3\nfour\n5"));
    }

    @Test
    void addedAtTheEndAndFromNothing() {
        assertEquals(" a\n b\n+c", shown("a\nb", "a\nb\nc"));
        assertEquals("+first line", shown("", "first line"));
        assertEquals("", shown("same\ntext", "same\ntext"), "nothing changed");
    }
}
