package uk.org.perusupportgroup.quipu.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A mail template from the jar's {@code /templates/mail/}: text with {@code {{name}}} values, {@code {{#name}}…{{/name}}}
 * sections (repeated for each element of a list, shown once for {@code true}) and {@code {{^name}}…{{/name}}} (shown
 * when the value is false, empty or absent). In an HTML template every value is escaped. Immutable, thread-safe.
 */
public final class Template {

    private sealed interface Part permits Text, Value, Section {}

    private record Text(String text) implements Part {}

    private record Value(String name) implements Part {}

    private record Section(String name, boolean inverted, List<Part> parts) implements Part {}

    private final String name;
    private final boolean html;
    private final List<Part> parts;

    private Template(String name, String source) {
        this.name = name;
        this.html = name.endsWith(".html");
        int[] at = {0};
        this.parts = parse(source, at, null);
    }

    /** Loads {@code /templates/mail/{name}} from the jar. */
    public static Template load(String name) {
        try (InputStream in = Template.class.getResourceAsStream("/templates/mail/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the mail template " + name);
            }
            return new Template(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Part> parse(String source, int[] at, String closing) {
        List<Part> out = new ArrayList<>();
        while (at[0] < source.length()) {
            int open = source.indexOf("{{", at[0]);
            if (open < 0) {
                out.add(new Text(source.substring(at[0])));
                at[0] = source.length();
                break;
            }
            out.add(new Text(source.substring(at[0], open)));
            int close = source.indexOf("}}", open);
            if (close < 0) {
                throw new IllegalStateException(name + ": unclosed {{ at " + open);
            }
            String tag = source.substring(open + 2, close).strip();
            at[0] = close + 2;
            if (tag.startsWith("#") || tag.startsWith("^")) {
                // a section tag alone on its line takes its line break with it
                if (at[0] < source.length() && source.charAt(at[0]) == '\n' && lineStart(source, open)) {
                    at[0]++;
                }
                out.add(new Section(tag.substring(1), tag.startsWith("^"), parse(source, at, tag.substring(1))));
            } else if (tag.startsWith("/")) {
                if (!tag.substring(1).equals(closing)) {
                    throw new IllegalStateException(name + ": {{" + tag + "}} closes nothing open");
                }
                if (at[0] < source.length() && source.charAt(at[0]) == '\n' && lineStart(source, open)) {
                    at[0]++;
                }
                return out;
            } else {
                out.add(new Value(tag));
            }
        }
        if (closing != null) {
            throw new IllegalStateException(name + ": {{#" + closing + "}} is never closed");
        }
        return out;
    }

    private static boolean lineStart(String source, int at) {
        return at == 0 || source.charAt(at - 1) == '\n';
    }

    /** Writes the template with these values (strings, numbers, booleans, lists of maps, maps). */
    public String render(Map<String, ?> values) {
        StringBuilder out = new StringBuilder();
        render(parts, List.of(values), out);
        return out.toString();
    }

    private void render(List<Part> parts, List<Map<String, ?>> scopes, StringBuilder out) {
        for (Part part : parts) {
            if (part instanceof Text text) {
                out.append(text.text());
            } else if (part instanceof Value value) {
                Object found = lookup(scopes, value.name());
                if (found == null) {
                    throw new IllegalStateException(name + ": no value for {{" + value.name() + "}}");
                }
                out.append(html ? escape(found.toString()) : found.toString());
            } else {
                Section section = (Section) part;
                Object found = lookup(scopes, section.name());
                boolean truthy = found != null && !Boolean.FALSE.equals(found)
                        && !(found instanceof Collection<?> c && c.isEmpty()) && !"".equals(found);
                if (section.inverted()) {
                    if (!truthy) {
                        render(section.parts(), scopes, out);
                    }
                } else if (found instanceof Collection<?> items) {
                    for (Object item : items) {
                        render(section.parts(), push(scopes, item), out);
                    }
                } else if (truthy) {
                    render(section.parts(), push(scopes, found), out);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, ?>> push(List<Map<String, ?>> scopes, Object item) {
        if (!(item instanceof Map<?, ?> map)) {
            return scopes;
        }
        List<Map<String, ?>> out = new ArrayList<>(scopes);
        out.add(0, (Map<String, ?>) map);
        return out;
    }

    private static Object lookup(List<Map<String, ?>> scopes, String name) {
        for (Map<String, ?> scope : scopes) {
            if (scope.containsKey(name)) {
                return scope.get(name);
            }
        }
        return null;
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
