package uk.org.perusupportgroup.quipu.alert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Every stored alert, indexed so that an article is checked only against the alerts that can match it
 * (a term pre-filter, as Lucene's Monitor does). Each alert is compiled to a small tree over term
 * numbers and filed under a few <em>keys</em>: terms of which at least one must be in an article for
 * the alert to match: its one word, the least used of the words it requires, the union of the keys of
 * an {@code OR}'s branches. An alert made only of exclusions is filed under its topic or region
 * filter, else checked against every article.
 *
 * <p>Matching gives the same answers as evaluating every query on its own (the tests' QueryMatcher). Thread-safe:
 * many articles may be matched at once; adding and removing alerts waits for them.
 */
public final class AlertIndex {

    /**
     * One alert as stored.
     *
     * @param topics the article must carry one of these topics (none: any topic)
     * @param regions the article must carry one of these regions (none: any region)
     */
    public record Alert(long id, Query query, Set<String> topics, Set<String> regions) {

        public Alert {
            topics = Set.copyOf(topics);
            regions = Set.copyOf(regions);
        }
    }

    /** What an article offers to matching: its text fields (title, summary, body) and its tags. */
    public record Text(List<String> fields, Set<String> topics, Set<String> regions) {

        public Text {
            fields = List.copyOf(fields);
            topics = Set.copyOf(topics);
            regions = Set.copyOf(regions);
        }
    }

    private static final int STEM = 0;
    private static final int EXACT = 1;
    private static final int TAG = 2;

    private final TextAnalysis analysis;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** Term → number, one dictionary per kind of term; {@link #usage} counts the alerts using each. */
    private final List<Map<String, Integer>> dictionaries = List.of(new HashMap<>(), new HashMap<>(), new HashMap<>());
    private final List<IntList> usage = List.of(new IntList(), new IntList(), new IntList());
    /** Per kind, term number → the slots of the alerts filed under it. */
    private final List<List<IntList>> postings = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    private final IntList everywhere = new IntList();
    private Compiled[] slots = new Compiled[16];
    private int used;
    private int live;
    private final Map<Long, Integer> slotOf = new HashMap<>();

    public AlertIndex(TextAnalysis analysis) {
        this.analysis = analysis;
    }

    /** How many alerts the index holds. */
    public int size() {
        lock.readLock().lock();
        try {
            return live;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Adds alerts, or replaces those with the same ids. Keys are chosen after every alert of the
     * batch is counted, so loading all alerts in one call files each under its rarest words.
     */
    public void putAll(Collection<Alert> alerts) {
        lock.writeLock().lock();
        try {
            List<Compiled> compiled = new ArrayList<>(alerts.size());
            for (Alert alert : alerts) {
                removeLocked(alert.id());
                Compiled c = compile(alert);
                compiled.add(c);
            }
            for (Compiled c : compiled) {
                file(c);
            }
            compactIfSparse();
        } finally {
            lock.writeLock().unlock();
        }
    }

    public void put(Alert alert) {
        putAll(List.of(alert));
    }

    /** Removes the alert; nothing happens when it is not held. */
    public void remove(long id) {
        lock.writeLock().lock();
        try {
            removeLocked(id);
            compactIfSparse();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The ids of the alerts the article matches, in no particular order. */
    public List<Long> match(Text article) {
        lock.readLock().lock();
        try {
            Doc doc = doc(article);
            BitSet candidates = new BitSet(used);
            for (int kind = STEM; kind <= TAG; kind++) {
                List<IntList> lists = postings.get(kind);
                BitSet present = doc.present[kind];
                for (int term = present.nextSetBit(0); term >= 0; term = present.nextSetBit(term + 1)) {
                    if (term < lists.size()) {
                        lists.get(term).addTo(candidates);
                    }
                }
            }
            everywhere.addTo(candidates);
            List<Long> matched = new ArrayList<>();
            for (int slot = candidates.nextSetBit(0); slot >= 0; slot = candidates.nextSetBit(slot + 1)) {
                Compiled c = slots[slot];
                if (c != null && c.matches(doc)) {
                    matched.add(c.id);
                }
            }
            return matched;
        } finally {
            lock.readLock().unlock();
        }
    }

    // --- compiling -----------------------------------------------------------------------------------

    private Compiled compile(Alert alert) {
        Node root = compile(alert.query());
        int[] topics = tagNumbers("topic:", alert.topics());
        int[] regions = tagNumbers("region:", alert.regions());
        Compiled compiled = new Compiled(alert.id(), root, topics, regions);
        count(root);
        for (int tag : topics) {
            usage.get(TAG).increment(tag);
        }
        for (int tag : regions) {
            usage.get(TAG).increment(tag);
        }
        return compiled;
    }

    private Node compile(Query query) {
        if (query instanceof Query.Word word) {
            List<String> stems = analysis.stemmed(word.text());
            if (stems.isEmpty()) {
                return Never.NEVER;
            }
            return stems.size() == 1 ? new Has(number(STEM, stems.get(0))) : new Sequence(STEM, numbers(STEM, stems));
        }
        if (query instanceof Query.Phrase phrase) {
            List<String> words = analysis.exact(String.join(" ", phrase.words()));
            return words.isEmpty() ? Never.NEVER : new Sequence(EXACT, numbers(EXACT, words));
        }
        if (query instanceof Query.All all) {
            return new And(all.parts().stream().map(this::compile).toArray(Node[]::new));
        }
        if (query instanceof Query.Any any) {
            return new Or(any.parts().stream().map(this::compile).toArray(Node[]::new));
        }
        return new Not(compile(((Query.Not) query).part()));
    }

    private int[] tagNumbers(String prefix, Set<String> slugs) {
        return slugs.stream().sorted().mapToInt(slug -> number(TAG, prefix + slug)).toArray();
    }

    private int[] numbers(int kind, List<String> terms) {
        return terms.stream().mapToInt(term -> number(kind, term)).toArray();
    }

    private int number(int kind, String term) {
        Map<String, Integer> dictionary = dictionaries.get(kind);
        Integer known = dictionary.get(term);
        if (known != null) {
            return known;
        }
        int next = dictionary.size();
        dictionary.put(term, next);
        postings.get(kind).add(new IntList());
        return next;
    }

    private void count(Node node) {
        if (node instanceof Has has) {
            usage.get(STEM).increment(has.stem);
        } else if (node instanceof Sequence sequence) {
            for (int term : sequence.terms) {
                usage.get(sequence.kind).increment(term);
            }
        } else if (node instanceof Group group) {
            for (Node part : group.parts) {
                count(part);
            }
        } else if (node instanceof Not not) {
            count(not.part);
        }
    }

    private void uncount(Compiled compiled) {
        forEachTerm(compiled.root, (kind, term) -> usage.get(kind).decrement(term));
        for (int tag : compiled.topics) {
            usage.get(TAG).decrement(tag);
        }
        for (int tag : compiled.regions) {
            usage.get(TAG).decrement(tag);
        }
    }

    private interface TermVisitor {
        void visit(int kind, int term);
    }

    private static void forEachTerm(Node node, TermVisitor visitor) {
        if (node instanceof Has has) {
            visitor.visit(STEM, has.stem);
        } else if (node instanceof Sequence sequence) {
            for (int term : sequence.terms) {
                visitor.visit(sequence.kind, term);
            }
        } else if (node instanceof Group group) {
            for (Node part : group.parts) {
                forEachTerm(part, visitor);
            }
        } else if (node instanceof Not not) {
            forEachTerm(not.part, visitor);
        }
    }

    // --- filing --------------------------------------------------------------------------------------

    /** A set of keys: (kind, term) pairs; {@code null} stands for "cannot be keyed". */
    private record Keys(long[] pairs, long cost) {

        static final Keys NONE = new Keys(new long[0], 0);

        static long pair(int kind, int term) {
            return ((long) kind << 32) | term;
        }
    }

    private Keys keys(Node node) {
        if (node instanceof Has has) {
            return single(STEM, has.stem);
        }
        if (node instanceof Sequence sequence) {
            int best = sequence.terms[0];
            for (int term : sequence.terms) {
                if (usage.get(sequence.kind).get(term) < usage.get(sequence.kind).get(best)) {
                    best = term;
                }
            }
            return single(sequence.kind, best);
        }
        if (node instanceof Never) {
            return Keys.NONE;
        }
        if (node instanceof And and) {
            Keys best = null;
            for (Node part : and.parts) {
                Keys keys = keys(part);
                if (keys != null && (best == null || keys.cost < best.cost)) {
                    best = keys;
                }
            }
            return best;
        }
        if (node instanceof Or or) {
            List<long[]> all = new ArrayList<>();
            long cost = 0;
            for (Node part : or.parts) {
                Keys keys = keys(part);
                if (keys == null) {
                    return null;
                }
                all.add(keys.pairs);
                cost += keys.cost;
            }
            return new Keys(all.stream().flatMapToLong(Arrays::stream).distinct().toArray(), cost);
        }
        return null; // an exclusion requires nothing
    }

    private Keys single(int kind, int term) {
        return new Keys(new long[] {Keys.pair(kind, term)}, usage.get(kind).get(term));
    }

    private void file(Compiled compiled) {
        int slot = used++;
        if (slot == slots.length) {
            slots = Arrays.copyOf(slots, slots.length * 2);
        }
        slots[slot] = compiled;
        slotOf.put(compiled.id, slot);
        live++;
        Keys keys = keys(compiled.root);
        if (keys == null) {
            keys = filterKeys(compiled);
        }
        if (keys == null) {
            everywhere.add(slot);
            return;
        }
        for (long pair : keys.pairs) {
            postings.get((int) (pair >>> 32)).get((int) pair).add(slot);
        }
    }

    /** An alert with no required word is filed under its topics or regions, whichever are fewer. */
    private static Keys filterKeys(Compiled compiled) {
        int[] tags = compiled.topics.length == 0 ? compiled.regions
                : compiled.regions.length == 0 || compiled.topics.length <= compiled.regions.length ? compiled.topics
                : compiled.regions;
        return tags.length == 0 ? null : new Keys(Arrays.stream(tags).mapToLong(tag -> Keys.pair(TAG, tag)).toArray(), 0);
    }

    private void removeLocked(long id) {
        Integer slot = slotOf.remove(id);
        if (slot != null) {
            uncount(slots[slot]);
            slots[slot] = null; // postings still name the slot: skipped while matching, dropped at compaction
            live--;
        }
    }

    /** Rebuilds the postings when more than a quarter of the slots are dead. */
    private void compactIfSparse() {
        if (used < 1024 || live * 4 >= used * 3) {
            return;
        }
        Compiled[] old = slots;
        int oldUsed = used;
        slots = new Compiled[Math.max(16, live * 2)];
        used = 0;
        live = 0;
        slotOf.clear();
        for (List<IntList> lists : postings) {
            lists.forEach(IntList::clear);
        }
        everywhere.clear();
        for (int i = 0; i < oldUsed; i++) {
            if (old[i] != null) {
                file(old[i]);
            }
        }
    }

    // --- the article side ----------------------------------------------------------------------------

    /** An article reduced to the index's term numbers; words no alert uses are dropped (−1). */
    private final class Doc {
        final BitSet[] present = {new BitSet(), new BitSet(), new BitSet()};
        final int[][] sequences = new int[2][];
        private Map<Integer, int[]>[] positions;

        Doc(List<String> fields, Set<String> topics, Set<String> regions) {
            sequences[STEM] = sequence(STEM, fields, analysis::stemmed);
            sequences[EXACT] = sequence(EXACT, fields, analysis::exact);
            for (String topic : topics) {
                Integer tag = dictionaries.get(TAG).get("topic:" + topic);
                if (tag != null) {
                    present[TAG].set(tag);
                }
            }
            for (String region : regions) {
                Integer tag = dictionaries.get(TAG).get("region:" + region);
                if (tag != null) {
                    present[TAG].set(tag);
                }
            }
        }

        /** The fields' terms in order, with −1 between fields so that no phrase spans two. */
        private int[] sequence(int kind, List<String> fields, java.util.function.Function<String, List<String>> analyse) {
            Map<String, Integer> dictionary = dictionaries.get(kind);
            IntList out = new IntList();
            for (String field : fields) {
                for (String term : analyse.apply(field)) {
                    Integer number = dictionary.get(term);
                    if (number != null) {
                        present[kind].set(number);
                        out.add(number);
                    } else {
                        out.add(-1);
                    }
                }
                out.add(-1);
            }
            return out.toArray();
        }

        boolean has(int kind, int term) {
            return present[kind].get(term);
        }

        @SuppressWarnings("unchecked")
        boolean contains(int kind, int[] terms) {
            for (int term : terms) {
                if (!present[kind].get(term)) {
                    return false;
                }
            }
            if (positions == null) {
                positions = new Map[2];
            }
            if (positions[kind] == null) {
                positions[kind] = positionsOf(sequences[kind]);
            }
            int[] text = sequences[kind];
            for (int start : positions[kind].get(terms[0])) {
                if (start + terms.length > text.length) {
                    break;
                }
                int j = 1;
                while (j < terms.length && text[start + j] == terms[j]) {
                    j++;
                }
                if (j == terms.length) {
                    return true;
                }
            }
            return false;
        }

        private Map<Integer, int[]> positionsOf(int[] text) {
            Map<Integer, IntList> lists = new HashMap<>();
            for (int i = 0; i < text.length; i++) {
                if (text[i] >= 0) {
                    lists.computeIfAbsent(text[i], key -> new IntList()).add(i);
                }
            }
            Map<Integer, int[]> out = new HashMap<>(lists.size() * 2);
            lists.forEach((term, list) -> out.put(term, list.toArray()));
            return out;
        }
    }

    private Doc doc(Text article) {
        return new Doc(article.fields(), article.topics(), article.regions());
    }

    // --- compiled alerts -----------------------------------------------------------------------------

    private static final class Compiled {
        final long id;
        final Node root;
        final int[] topics;
        final int[] regions;

        Compiled(long id, Node root, int[] topics, int[] regions) {
            this.id = id;
            this.root = root;
            this.topics = topics;
            this.regions = regions;
        }

        boolean matches(Doc doc) {
            return anyPresent(doc, topics) && anyPresent(doc, regions) && root.test(doc);
        }

        private static boolean anyPresent(Doc doc, int[] tags) {
            if (tags.length == 0) {
                return true;
            }
            for (int tag : tags) {
                if (doc.has(TAG, tag)) {
                    return true;
                }
            }
            return false;
        }
    }

    private sealed interface Node permits Has, Sequence, Group, Not, Never {
        boolean test(Doc doc);
    }

    private record Has(int stem) implements Node {
        @Override
        public boolean test(Doc doc) {
            return doc.has(STEM, stem);
        }
    }

    /** Terms one after another: a phrase (exact terms) or a word that analyses to several stems. */
    private record Sequence(int kind, int[] terms) implements Node {
        @Override
        public boolean test(Doc doc) {
            return doc.contains(kind, terms);
        }
    }

    private abstract static sealed class Group implements Node permits And, Or {
        final Node[] parts;

        Group(Node[] parts) {
            this.parts = parts;
        }
    }

    private static final class And extends Group {
        And(Node[] parts) {
            super(parts);
        }

        @Override
        public boolean test(Doc doc) {
            for (Node part : parts) {
                if (!part.test(doc)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class Or extends Group {
        Or(Node[] parts) {
            super(parts);
        }

        @Override
        public boolean test(Doc doc) {
            for (Node part : parts) {
                if (part.test(doc)) {
                    return true;
                }
            }
            return false;
        }
    }

    private record Not(Node part) implements Node {
        @Override
        public boolean test(Doc doc) {
            return !part.test(doc);
        }
    }

    /** A word of punctuation only: it matches nothing. */
    private enum Never implements Node {
        NEVER;

        @Override
        public boolean test(Doc doc) {
            return false;
        }
    }

    /** A growable array of ints. */
    private static final class IntList {
        private int[] values = new int[4];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int get(int index) {
            return index < size ? values[index] : 0;
        }

        void increment(int index) {
            while (size <= index) {
                add(0);
            }
            values[index]++;
        }

        void decrement(int index) {
            if (index < size && values[index] > 0) {
                values[index]--;
            }
        }

        void addTo(BitSet set) {
            for (int i = 0; i < size; i++) {
                set.set(values[i]);
            }
        }

        void clear() {
            size = 0;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
