package uk.org.perusupportgroup.quipu.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A YAML document as plain values that remember their 1-based line, so that every error about a
 * value can name where it stands. Scalars stay strings: no YAML type guessing (a date stays text).
 */
public sealed interface YamlNode {

    int line();

    /** A scalar; {@code value} is null for YAML null ({@code ~}, {@code null} or nothing). */
    record Scalar(String value, int line) implements YamlNode {}

    record Sequence(List<YamlNode> items, int line) implements YamlNode {}

    /** A mapping with string keys, in document order; {@code keyLines} holds each key's line. */
    record Mapping(Map<String, YamlNode> entries, Map<String, Integer> keyLines, int line)
            implements YamlNode {}

    /**
     * Parses one YAML document.
     *
     * @param source the file name used in error messages
     * @return the root node; an empty document is an empty mapping
     * @throws YamlException naming the source and line of a syntax error or a duplicate key
     */
    static YamlNode parse(String text, String source) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(source)
                .setMaxAliasesForCollections(20)
                .setAllowRecursiveKeys(false)
                .setCodePointLimit(4 * 1024 * 1024)
                .build();
        try {
            Optional<Node> root = new Compose(settings).composeString(text);
            return root.map(node -> convert(node, source, 0))
                    .orElseGet(() -> new Mapping(Map.of(), Map.of(), 1));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            throw new YamlException(source, line, e.getProblem() == null ? e.getMessage() : e.getProblem());
        } catch (YamlEngineException e) {
            throw new YamlException(source, 0, e.getMessage());
        }
    }

    private static YamlNode convert(Node node, String source, int depth) {
        int line = node.getStartMark().map(Mark::getLine).orElse(-1) + 1;
        if (depth > 32) {
            throw new YamlException(source, line, "nested too deeply");
        }
        if (node instanceof ScalarNode scalar) {
            boolean isNull = scalar.getTag().equals(Tag.NULL) && scalar.isPlain();
            return new Scalar(isNull ? null : scalar.getValue(), line);
        }
        if (node instanceof SequenceNode sequence) {
            List<YamlNode> items = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                items.add(convert(item, source, depth + 1));
            }
            return new Sequence(Collections.unmodifiableList(items), line);
        }
        MappingNode mapping = (MappingNode) node;
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            YamlNode key = convert(tuple.getKeyNode(), source, depth + 1);
            if (!(key instanceof Scalar scalarKey) || scalarKey.value() == null) {
                throw new YamlException(source, key.line(), "a key must be plain text");
            }
            if (entries.containsKey(scalarKey.value())) {
                throw new YamlException(source, key.line(), "duplicate key '" + scalarKey.value() + "'");
            }
            entries.put(scalarKey.value(), convert(tuple.getValueNode(), source, depth + 1));
            keyLines.put(scalarKey.value(), key.line());
        }
        return new Mapping(Collections.unmodifiableMap(entries), Collections.unmodifiableMap(keyLines), line);
    }

    /** A YAML syntax error, or a value of the wrong shape, at a line of a named source. */
    final class YamlException extends RuntimeException {
        private final String source;
        private final int line;
        private final String problem;

        public YamlException(String source, int line, String problem) {
            super(source + (line > 0 ? ":" + line : "") + ": " + problem);
            this.source = source;
            this.line = line;
            this.problem = problem;
        }

        public String problem() {
            return problem;
        }

        public String source() {
            return source;
        }

        public int line() {
            return line;
        }
    }
}
