package uk.org.perusupportgroup.quipu.article;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** What changed between two versions of an article: which fields, and the body's lines (java-diff-utils, Myers). */
public final class Changes {

    /** Lines of unchanged text shown around each change. */
    static final int CONTEXT = 3;

    private Changes() {}

    /** One line of a body's changes; {@link Kind#GAP} stands for unchanged lines left out. */
    public record Line(Kind kind, String text) {

        public enum Kind { SAME, REMOVED, ADDED, GAP }
    }

    private record Field(String name, Function<Article, Object> value) {}

    private static final List<Field> FIELDS = List.of(
            new Field("title", Article::title), new Field("summary", Article::summary), new Field("body", Article::body),
            new Field("published", Article::published), new Field("updated", Article::updated),
            new Field("status", Article::status), new Field("topics", Article::topics), new Field("regions", Article::regions),
            new Field("language", Article::language), new Field("translation", Article::translation),
            new Field("author", Article::author), new Field("url", Article::url), new Field("image", Article::image));

    /** The names of the fields that differ, in the form's order; all of them for a first version ({@code before} null). */
    public static List<String> fields(Article before, Article after) {
        return FIELDS.stream().filter(field -> before == null || !Objects.equals(field.value().apply(before),
                field.value().apply(after))).map(Field::name).toList();
    }

    /**
     * The changed lines of {@code after} against {@code before}, each with {@link #CONTEXT} unchanged lines around it; a
     * {@link Line.Kind#GAP} where unchanged lines are left out. Empty when they are the same.
     */
    public static List<Line> lines(String before, String after) {
        List<String> from = before.isEmpty() ? List.of() : List.of(before.split("\n", -1));
        List<String> to = after.isEmpty() ? List.of() : List.of(after.split("\n", -1));
        Patch<String> patch = DiffUtils.diff(from, to);
        List<Line> out = new ArrayList<>();
        int shown = 0;   // lines of `from` accounted for
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            int at = delta.getSource().getPosition();
            // after the previous change, its trailing context; before the first, none
            int trailing = out.isEmpty() ? 0 : Math.min(at, shown + CONTEXT);
            same(out, from, shown, trailing);
            int leading = Math.max(trailing, at - CONTEXT);
            if (leading > trailing) {
                out.add(new Line(Line.Kind.GAP, ""));
            }
            same(out, from, leading, at);
            delta.getSource().getLines().forEach(line -> out.add(new Line(Line.Kind.REMOVED, line)));
            delta.getTarget().getLines().forEach(line -> out.add(new Line(Line.Kind.ADDED, line)));
            shown = at + delta.getSource().size();
        }
        if (!patch.getDeltas().isEmpty()) {
            int end = Math.min(from.size(), shown + CONTEXT);
            same(out, from, shown, end);
            if (end < from.size()) {
                out.add(new Line(Line.Kind.GAP, ""));
            }
        }
        return out;
    }

    private static void same(List<Line> out, List<String> from, int start, int end) {
        for (int i = start; i < end; i++) {
            out.add(new Line(Line.Kind.SAME, from.get(i)));
        }
    }
}
