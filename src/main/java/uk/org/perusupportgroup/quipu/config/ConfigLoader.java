package uk.org.perusupportgroup.quipu.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads {@link QuipuConfig}: the defaults built into the jar (a copy of {@code config/quipu.yaml}),
 * then the configuration file, then {@code QUIPU_*} environment variables. Every problem is collected
 * and reported at once, each naming its key; nothing half-configured is ever returned.
 */
public final class ConfigLoader {

    /** The defaults, copied from {@code config/quipu.yaml} into the jar by the build. */
    static final String DEFAULTS_RESOURCE = "/defaults/quipu.yaml";
    /** The file read when no {@code --config} is given, if it exists. */
    public static final Path DEFAULT_FILE = Path.of("config", "quipu.yaml");

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");
    private static final Pattern TAG_AUTHORITY =
            Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,10})\\s*((?i)kb|mb|b)?");
    private static final Pattern LANGUAGE = Pattern.compile("[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*");

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    /**
     * @param file the file named by {@code --config}; empty: {@link #DEFAULT_FILE} when it exists
     * @throws ConfigException listing every problem, each naming its key
     */
    public QuipuConfig load(Optional<Path> file) {
        Map<String, Raw> values = new LinkedHashMap<>();
        flatten(YamlNode.parse(readDefaults(), "built-in defaults"), "", "built-in defaults", values, null);
        Optional<Path> chosen = file.or(() -> Files.isRegularFile(DEFAULT_FILE) ? Optional.of(DEFAULT_FILE) : Optional.empty());
        List<String> problems = new ArrayList<>();
        if (chosen.isPresent()) {
            Path path = chosen.get();
            try {
                String text = Files.readString(path, StandardCharsets.UTF_8);
                flatten(YamlNode.parse(text, path.toString()), "", path.toString(), values, problems);
            } catch (NoSuchFileException e) {
                throw new ConfigException("config file " + path + " does not exist");
            } catch (IOException e) {
                throw new ConfigException("config file " + path + " cannot be read: " + e.getMessage());
            } catch (YamlNode.YamlException e) {
                throw new ConfigException("config file " + e.getMessage());
            }
        }
        for (String key : List.copyOf(values.keySet())) {
            String name = envName(key);
            String value = env.get(name);
            if (value != null) {
                values.put(key, new Raw(value, "environment variable " + name));
            }
        }
        return new Builder(values, problems).build();
    }

    /** A duration written {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h} or {@code 7d}; empty when it is not one. */
    static Optional<Duration> parseDuration(String value) {
        Matcher m = DURATION.matcher(value.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        });
    }

    /** The environment variable that overrides {@code key}: {@code QUIPU_} + the path in upper snake case. */
    public static String envName(String key) {
        return "QUIPU_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String readDefaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + DEFAULTS_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Flattens a mapping into dotted keys. With {@code problems} given (a user file), a key the
     * defaults do not have is a problem: a misspelt key must not be silently ignored.
     */
    private static void flatten(YamlNode node, String prefix, String source, Map<String, Raw> into, List<String> problems) {
        if (!(node instanceof YamlNode.Mapping mapping)) {
            if (problems == null) {
                into.put(prefix, new Raw(scalarText(node), source));
            } else if (!into.containsKey(prefix)) {
                problems.add(prefix.isEmpty() ? source + ": the file must be a mapping of keys"
                        : prefix + ": unknown key (" + source + " line " + node.line() + ")");
            } else if (!(node instanceof YamlNode.Scalar)) {
                problems.add(prefix + ": must be a single value, not a list (" + source + " line " + node.line() + ")");
            } else {
                into.put(prefix, new Raw(scalarText(node), source + " line " + node.line()));
            }
            return;
        }
        for (Map.Entry<String, YamlNode> entry : mapping.entries().entrySet()) {
            String key = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
            if (problems != null && entry.getValue() instanceof YamlNode.Mapping
                    && into.keySet().stream().noneMatch(k -> k.startsWith(key + "."))) {
                problems.add(key + ": unknown key (" + source + " line " + mapping.keyLines().get(entry.getKey()) + ")");
                continue;
            }
            flatten(entry.getValue(), key, source, into, problems);
        }
    }

    private static String scalarText(YamlNode node) {
        return node instanceof YamlNode.Scalar scalar && scalar.value() != null ? scalar.value() : "";
    }

    /** A raw value and where it came from, for error messages. */
    private record Raw(String value, String origin) {}

    /** Typed reading of the raw values, collecting every problem. */
    private static final class Builder {
        private final Map<String, Raw> values;
        private final List<String> problems;

        Builder(Map<String, Raw> values, List<String> problems) {
            this.values = values;
            this.problems = problems;
        }

        QuipuConfig build() {
            var http = new QuipuConfig.Http(host("http.host"), integer("http.port", 0, 65535), bool("http.behind-proxy"),
                    integer("http.event-loops", 0, 256), integer("http.searches-per-minute", 1, 1_000_000));
            Optional<URI> baseUrl = url("base-url");
            var feed = new QuipuConfig.Feed(tagAuthority("feed.tag-authority"), nonBlank("feed.title"),
                    language("feed.language"), integer("feed.page-size", 1, 500), duration("feed.max-age"),
                    integer("feed.cache-mib", 1, 100_000), integer("feed.search-cache-mib", 1, 100_000));
            Path dataDir = path("data-dir");
            String dbUrl = text("db.url").strip();
            if (dbUrl.isEmpty()) {
                dbUrl = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("quipu") + ";DB_CLOSE_ON_EXIT=FALSE";
            } else if (!dbUrl.startsWith("jdbc:h2:") && !dbUrl.startsWith("jdbc:postgresql:")) {
                problem("db.url", "'" + dbUrl + "' is neither a jdbc:h2: nor a jdbc:postgresql: URL");
            }
            var db = new QuipuConfig.Db(dbUrl, text("db.user"), text("db.password"), integer("db.pool-size", 1, 200));
            Optional<String> token = optional("admin.token");
            token.filter(t -> t.length() < 16).ifPresent(t -> problem("admin.token", "must be at least 16 characters"));
            var articles = new QuipuConfig.Articles(path("articles.dir"), duration("articles.scan-interval"),
                    percentage("articles.max-removal-share"));
            var vocabulary = new QuipuConfig.VocabularyFiles(vocabularyFile("vocabulary.topics"),
                    vocabularyFile("vocabulary.regions"));
            Optional<URI> hub = url("websub.hub");
            int smtpPort = integer("mail.smtp.port", 1, 65535);
            boolean starttls = bool("mail.smtp.starttls");
            Optional<QuipuConfig.Smtp> smtp = optional("mail.smtp.host").map(host -> new QuipuConfig.Smtp(host,
                    smtpPort, starttls, text("mail.smtp.username"), text("mail.smtp.password")));
            Optional<QuipuConfig.Dkim> dkim = dkim();
            var mail = new QuipuConfig.Mail(smtp, nonBlank("mail.from"), dkim, bounces());
            var partners = new QuipuConfig.Partners(path("partners.file"), bool("partners.enabled"),
                    addresses("partners.notify"), duration("partners.notify-after"), url("partners.contact"),
                    duration("partners.timeout"), integer("partners.max-body-mib", 1, 1024) * 1024L * 1024L,
                    duration("partners.host-interval"), bool("partners.allow-private-addresses"));
            var alerts = new QuipuConfig.Alerts(bool("alerts.enabled"), duration("alerts.max-age"),
                    atLeastADay("alerts.confirm-within"), integer("alerts.digest-hour", 0, 23), zone("alerts.time-zone"),
                    weekday("alerts.weekly-day"), integer("alerts.immediate-per-day", 0, 10_000),
                    integer("alerts.send-rate", 1, 100_000), secret("alerts.secret"),
                    integer("alerts.signups-per-hour", 1, 1_000_000), integer("alerts.confirmations-per-day", 1, 100),
                    integer("alerts.confirmations-per-hour", 1, 1_000_000),
                    vocabularyFile("alerts.synonyms"), between("alerts.lease", "5s", "1h"));
            var retention = new QuipuConfig.Retention(days("retention.sent-messages"), days("retention.deliveries"),
                    days("retention.matches"), days("retention.lapsed-requests"), days("retention.unsubscribed"),
                    days("retention.removed-articles"));
            int before = problems.size();
            var staff = new QuipuConfig.Staff(between("staff.session-idle", "5m", "30d"),
                    between("staff.session-lifetime", "1h", "90d"));
            if (problems.size() == before && staff.sessionIdle().compareTo(staff.sessionLifetime()) > 0) {
                problem("staff.session-idle", "must not be longer than staff.session-lifetime");
            }
            var media = new QuipuConfig.Media(size("media.max-bytes", 1024, 1024L * 1024 * 1024),
                    longInteger("media.max-pixels", 1, 1_000_000_000L));
            var reach = new QuipuConfig.Reach(bool("reach.counting"), between("reach.write-every", "5s", "1h"),
                    days("reach.keep"));
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            return new QuipuConfig(http, baseUrl, feed, dataDir, db, token, articles, vocabulary, hub, mail,
                    partners, alerts, retention, staff, media, reach);
        }

        private Raw raw(String key) {
            Raw raw = values.get(key);
            if (raw == null) {
                throw new IllegalStateException("no default for " + key);
            }
            return raw;
        }

        private String text(String key) {
            return raw(key).value();
        }

        private void problem(String key, String what) {
            problems.add(key + ": " + what + " (" + raw(key).origin() + ")");
        }

        private Optional<String> optional(String key) {
            String value = text(key).strip();
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        }

        private String nonBlank(String key) {
            String value = text(key).strip();
            if (value.isEmpty()) {
                problem(key, "must not be empty");
            }
            return value;
        }

        private int integer(String key, int min, int max) {
            return (int) longInteger(key, min, max);
        }

        /** A whole number in range ({@code 50_000_000} may be written with underscores); problems name the key. */
        private long longInteger(String key, long min, long max) {
            String value = text(key).strip().replace("_", "");
            try {
                long n = Long.parseLong(value);
                if (n < min || n > max) {
                    problem(key, "'" + value + "' is out of range " + min + "…" + max);
                }
                return n;
            } catch (NumberFormatException e) {
                problem(key, "'" + value + "' is not a whole number");
                return min;
            }
        }

        /** A size in bytes, written {@code 20MB}, {@code 512KB} (of 1,048,576 and 1,024 bytes) or a number of bytes. */
        private long size(String key, long min, long max) {
            String value = text(key).strip();
            Matcher m = SIZE.matcher(value);
            if (!m.matches()) {
                problem(key, "'" + value + "' is not a size such as 20MB, 512KB or 1000000");
                return min;
            }
            long unit = m.group(2) == null ? 1 : switch (m.group(2).toUpperCase(Locale.ROOT)) {
                case "KB" -> 1024L;
                case "MB" -> 1024L * 1024;
                default -> 1L;
            };
            long n = Long.parseLong(m.group(1)) * unit;
            if (n < min || n > max) {
                problem(key, "'" + value + "' is out of range 1KB…1024MB");
            }
            return n;
        }

        /** A share written {@code 10%} (or {@code 10}), 0 to 100. */
        private int percentage(String key) {
            String value = text(key).strip();
            String number = value.endsWith("%") ? value.substring(0, value.length() - 1).strip() : value;
            try {
                int n = Integer.parseInt(number);
                if (n < 0 || n > 100) {
                    problem(key, "'" + value + "' is not a share from 0% to 100%");
                }
                return n;
            } catch (NumberFormatException e) {
                problem(key, "'" + value + "' is not a percentage such as 10%");
                return 0;
            }
        }

        private boolean bool(String key) {
            String value = text(key).strip().toLowerCase(Locale.ROOT);
            if (!value.equals("true") && !value.equals("false")) {
                problem(key, "'" + value + "' is not true or false");
            }
            return value.equals("true");
        }

        private Duration duration(String key) {
            String value = text(key).strip();
            Optional<Duration> d = parseDuration(value);
            if (d.isEmpty()) {
                problem(key, "'" + value + "' is not a duration such as 500ms, 30s, 5m, 2h or 7d");
                return Duration.ofSeconds(1);
            }
            if (d.get().isZero()) {
                problem(key, "must be longer than zero");
            }
            return d.get();
        }

        /** A duration from {@code least} to {@code most}, both given as written in the file (5s, 1h). */
        private Duration between(String key, String least, String most) {
            Duration d = duration(key);
            if (!d.isZero() && (d.compareTo(parseDuration(least).orElseThrow()) < 0
                    || d.compareTo(parseDuration(most).orElseThrow()) > 0)) {
                problem(key, "must be between " + least + " and " + most);
            }
            return d;
        }

        /** A duration of a day or more (the confirmation allowance counts per day). */
        private Duration atLeastADay(String key) {
            Duration d = duration(key);
            if (!d.isZero() && d.compareTo(Duration.ofDays(1)) < 0) {
                problem(key, "must be at least 1d: the limit of confirmation emails counts per day");
            }
            return d;
        }

        /** A retention: whole days, at least one (the clean-up runs once a day). */
        private Duration days(String key) {
            Duration d = duration(key);
            if (!d.isZero() && (d.compareTo(Duration.ofDays(1)) < 0 || d.toSeconds() % 86_400 != 0)) {
                problem(key, "must be a whole number of days, at least 1d (such as 30d): the clean-up runs once a day");
            }
            return d;
        }

        private java.time.ZoneId zone(String key) {
            String value = nonBlank(key);
            try {
                return java.time.ZoneId.of(value);
            } catch (java.time.DateTimeException e) {
                problem(key, "'" + value + "' is not a time zone such as Europe/London");
                return java.time.ZoneOffset.UTC;
            }
        }

        private java.time.DayOfWeek weekday(String key) {
            String value = nonBlank(key);
            try {
                return java.time.DayOfWeek.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problem(key, "'" + value + "' is not a day of the week such as monday");
                return java.time.DayOfWeek.MONDAY;
            }
        }

        /** A signing key: empty, or at least 32 characters. */
        private Optional<String> secret(String key) {
            Optional<String> value = optional(key);
            if (value.isPresent() && value.get().length() < 32) {
                problem(key, "is " + value.get().length() + " characters long; a signing secret needs at least 32"
                        + " (or leave it empty and one is generated)");
            }
            return value;
        }

        /** The mail.bounces group: the VERP address, the soft-bounce rule and the IMAP mailbox (read when a host is set). */
        private QuipuConfig.Bounces bounces() {
            Optional<String> address = optional("mail.bounces.address");
            if (address.isPresent() && !address.get().matches("[A-Za-z0-9!#$%&'*/=?^_`{|}~.-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+")) {
                problem("mail.bounces.address", "'" + address.get() + "' is not a bare address such as bounces@example.org"
                        + " (ASCII, no display name, no '+': the token of each message is added after a '+')");
                address = Optional.empty();
            }
            int softLimit = integer("mail.bounces.soft-limit", 1, 1000);
            Duration softWindow = between("mail.bounces.soft-window", "1h", "365d");
            String security = text("mail.bounces.imap.security").strip().toLowerCase(Locale.ROOT);
            QuipuConfig.ImapSecurity imapSecurity = switch (security) {
                case "ssl" -> QuipuConfig.ImapSecurity.SSL;
                case "starttls" -> QuipuConfig.ImapSecurity.STARTTLS;
                case "none" -> QuipuConfig.ImapSecurity.NONE;
                default -> {
                    problem("mail.bounces.imap.security", "'" + security + "' is not ssl, starttls or none");
                    yield QuipuConfig.ImapSecurity.SSL;
                }
            };
            int port = integer("mail.bounces.imap.port", 0, 65535);
            String folder = nonBlank("mail.bounces.imap.folder");
            Duration interval = between("mail.bounces.imap.poll-interval", "10s", "1d");
            Optional<QuipuConfig.Imap> imap = optional("mail.bounces.imap.host").map(host -> {
                if (!host.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
                    problem("mail.bounces.imap.host", "'" + host + "' is not a host name or IP address");
                }
                if (optional("mail.bounces.imap.username").isEmpty()) {
                    problem("mail.bounces.imap.username", "must be set when mail.bounces.imap.host is: the mailbox is read"
                            + " after logging in");
                }
                int chosen = port != 0 ? port : imapSecurity == QuipuConfig.ImapSecurity.SSL ? 993 : 143;
                return new QuipuConfig.Imap(host, chosen, imapSecurity, text("mail.bounces.imap.username").strip(),
                        text("mail.bounces.imap.password"), folder, interval);
            });
            return new QuipuConfig.Bounces(address, imap, softLimit, softWindow);
        }

        /** All three mail.dkim keys, or none. */
        private Optional<QuipuConfig.Dkim> dkim() {
            Optional<String> domain = optional("mail.dkim.domain");
            Optional<String> selector = optional("mail.dkim.selector");
            Optional<String> keyFile = optional("mail.dkim.private-key");
            if (domain.isEmpty() && selector.isEmpty() && keyFile.isEmpty()) {
                return Optional.empty();
            }
            if (domain.isEmpty() || selector.isEmpty() || keyFile.isEmpty()) {
                problem(domain.isEmpty() ? "mail.dkim.domain" : selector.isEmpty() ? "mail.dkim.selector" : "mail.dkim.private-key",
                        "must be set: DKIM signing needs mail.dkim.domain, mail.dkim.selector and mail.dkim.private-key");
                return Optional.empty();
            }
            Path key = Path.of(keyFile.get());
            if (!Files.isReadable(key)) {
                problem("mail.dkim.private-key", "file " + key + " cannot be read");
                return Optional.empty();
            }
            try {
                DkimKey.read(key);
            } catch (IllegalArgumentException e) {
                problem("mail.dkim.private-key", e.getMessage());
                return Optional.empty();
            }
            return Optional.of(new QuipuConfig.Dkim(domain.get(), selector.get(), key));
        }

        /** Comma-separated email addresses; empty for none. */
        private List<String> addresses(String key) {
            List<String> addresses = new ArrayList<>();
            for (String part : text(key).split(",")) {
                String address = part.strip();
                if (address.isEmpty()) {
                    continue;
                }
                if (!address.matches("[^\\s@<>\",]+@[^\\s@<>\",]+\\.[^\\s@<>\",]+")) {
                    problem(key, "'" + address + "' is not an email address");
                }
                addresses.add(address);
            }
            return addresses;
        }

        private Path path(String key) {
            String value = nonBlank(key);
            try {
                return Path.of(value);
            } catch (RuntimeException e) {
                problem(key, "'" + value + "' is not a valid path");
                return Path.of(".");
            }
        }

        /** A vocabulary file: the built-in copy while the key keeps its default and the file is absent. */
        private Optional<Path> vocabularyFile(String key) {
            Path path = path(key);
            if (Files.isRegularFile(path)) {
                return Optional.of(path);
            }
            if (raw(key).origin().equals("built-in defaults")) {
                return Optional.empty();
            }
            problem(key, "file " + path + " does not exist");
            return Optional.empty();
        }

        private String host(String key) {
            String value = nonBlank(key);
            if (!value.isEmpty() && !value.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
                problem(key, "'" + value + "' is not a host name or IP address");
            }
            return value;
        }

        private Optional<URI> url(String key) {
            Optional<String> value = optional(key);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            String text = value.get();
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                    problem(key, "'" + text + "' is not an absolute http or https URL");
                    return Optional.empty();
                }
                if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                    problem(key, "'" + text + "' must not have a query or fragment");
                    return Optional.empty();
                }
                String path = uri.getRawPath() == null ? "" : uri.getRawPath();
                return Optional.of(new URI(text.substring(0, text.length() - path.length())
                        + path.replaceAll("/+$", "")));
            } catch (URISyntaxException e) {
                problem(key, "'" + text + "' is not a URL: " + e.getReason());
                return Optional.empty();
            }
        }

        private String tagAuthority(String key) {
            String value = nonBlank(key).toLowerCase(Locale.ROOT);
            if (value.isEmpty()) {
                return value;
            }
            String ascii;
            try {
                ascii = IDN.toASCII(value);
            } catch (IllegalArgumentException e) {
                ascii = value;
            }
            if (!TAG_AUTHORITY.matcher(ascii).matches()) {
                problem(key, "'" + value + "' is not a domain name (tag: ids take a domain such as perusupportgroup.org.uk,"
                        + " without scheme or path)");
            }
            return ascii;
        }

        private String language(String key) {
            String value = nonBlank(key);
            if (!value.isEmpty() && !LANGUAGE.matcher(value).matches()) {
                problem(key, "'" + value + "' is not a language tag such as en or en-GB");
            }
            return value;
        }
    }
}
