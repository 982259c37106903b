package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import uk.org.perusupportgroup.quipu.Mailboxes;
import uk.org.perusupportgroup.quipu.RunningServer;
import uk.org.perusupportgroup.quipu.TestServer;
import uk.org.perusupportgroup.quipu.alert.Tokens;

/**
 * Every public page in Debian's headless Chromium, checked by axe-core against the WCAG 2.1 A and AA rules; looked at
 * 320 and 1,200 pixels wide (screenshots in {@code target/screenshots/}, and no sideways scrolling at 320); the sign-up
 * done with the keyboard alone; its refusal tied to its fields; and every page light: at most 30 KB gzipped, no script,
 * nothing from another origin.
 *
 * <p>The pages are listed by {@link #pages(String)} under a path prefix, so that the same list serves a second language
 * ({@code "/es"}) when there is one.
 */
class AccessibilityBrowserIT {

    private static final int NARROW = BrowserPages.NARROW;
    private static final int WIDE = BrowserPages.WIDE;
    private static final int MAX_GZIPPED = 30 * 1024;
    private static final String SECRET = "accessibility-test-secret-0123456789abcdef";

    @RegisterExtension
    @Order(1)
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withPerMethodLifecycle(false);

    @RegisterExtension
    @Order(2)
    static final RunningServer SERVER = new RunningServer(() -> Map.of("QUIPU_MAIL_SMTP_HOST", "127.0.0.1",
            "QUIPU_MAIL_SMTP_PORT", Integer.toString(SMTP.getSmtp().getPort()), "QUIPU_MAIL_SMTP_STARTTLS", "false",
            "QUIPU_ALERTS_SECRET", SECRET, "QUIPU_ALERTS_SIGNUPS_PER_HOUR", "1000",
            // listings of more than one page, so that their links to newer and older pages are checked too
            "QUIPU_FEED_PAGE_SIZE", "10"), running -> server = running);
    private static TestServer server;
    private static ChromeDriver browser;
    private static final Tokens TOKENS = new Tokens(SECRET);
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    /** The confirmed subscriber's links: its manage page (one alert) and its data page (the subscriber). */
    private static String manageToken;
    private static String dataToken;
    /** An alert signed up for and not yet confirmed. */
    private static String pendingConfirmToken;
    /** The largest page seen by {@link #light}, and its size gzipped. */
    private static final Map<String, Integer> GZIPPED = new LinkedHashMap<>();

    /** An article with a photo, whose body links elsewhere, and a translation into Spanish. */
    private static final String LINKED = "minister-answers-on-las-bambas";

    @BeforeAll
    static void start() throws Exception {
        JsonObject photo = upload("gps-exif.jpg", "image/jpeg", "Families with photographs of the dead");
        JsonObject article = new JsonObject().put("slug", LINKED).put("title", "The minister answers on Las Bambas")
                .put("image", new JsonObject().put("id", photo.getLong("id")).put("alt", "Families holding photographs in Juliaca")
                        .put("caption", "Juliaca, January").put("credit", "PSG"))
                .put("summary", "A written answer.").put("body", "The [written answer](https://www.example.org/answers/123) names"
                        + " the [earlier report](/articles/amnesty-publishes-annual-report).")
                .put("published", "2017-04-02T10:00:00Z").put("topics", new JsonArray().add("extractive-industries"))
                .put("regions", new JsonArray().add("apurimac")).put("language", "en");
        assertEquals(201, server.api("POST", "/api/articles", article.encode()).statusCode());
        // its Spanish translation: its page links it, in the head and for people
        JsonObject translation = new JsonObject().put("slug", "el-ministro-responde-sobre-las-bambas")
                .put("title", "El ministro responde sobre Las Bambas").put("summary", "Una respuesta escrita.")
                .put("published", "2017-04-02T11:00:00Z").put("topics", new JsonArray().add("extractive-industries"))
                .put("regions", new JsonArray().add("apurimac")).put("language", "es").put("translation", LINKED);
        assertEquals(201, server.api("POST", "/api/articles", translation.encode()).statusCode());
        String reader = address("reader");
        manageToken = confirm(signUp(reader));
        dataToken = dataLink(reader, manageToken);
        pendingConfirmToken = signUp(address("pending"));
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        GZIPPED.entrySet().stream().max(Map.Entry.comparingByValue()).ifPresent(largest ->
                System.out.println("largest page gzipped: " + largest.getKey() + " " + largest.getValue() + " bytes"));
    }

    // --- the pages -----------------------------------------------------------------------------------

    /** How to reach a page: the request, for a plain HTTP client; and in the browser, as a person would. */
    record Page(String name, Supplier<Request> request, Consumer<ChromeDriver> visit) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** @param form the posted form; none for a GET */
    record Request(String method, String path, Map<String, String> form) {}

    /** A page a GET shows. */
    private static Page get(String name, Supplier<String> path) {
        return new Page(name, () -> new Request("GET", path.get(), null), b -> b.get(server.base + path.get()));
    }

    private static Page get(String name, String path) {
        return get(name, () -> path);
    }

    /**
     * Every public page, in the language under {@code prefix} ({@code ""}: English). Pages after a POST are reached in
     * the browser through their forms.
     */
    static Stream<Page> pages(String prefix) {
        return Stream.of(
                get("home", prefix + "/"),
                get("articles", prefix + "/articles"),
                get("articles-page-2", prefix + "/articles?page=2"),
                get("article", prefix + "/articles/amnesty-publishes-annual-report"),
                get("article-with-photo-and-links", prefix + "/articles/" + LINKED),
                get("topic", prefix + "/topics/extractive-industries"),
                get("region", prefix + "/regions/apurimac"),
                get("partners", prefix + "/partners"),
                get("partner", prefix + "/partners/amnesty"),
                get("not-found", prefix + "/articles/no-such-article"),
                get("subscribe", prefix + "/subscribe"),
                new Page("subscribe-refused", () -> new Request("POST", prefix + "/subscriptions", Map.of("email",
                        "someone@localhost", "query", "\"las bambas", "frequency", "daily", "language", "en")), b -> {
                    b.get(server.base + prefix + "/subscribe");
                    b.findElement(By.id("email")).sendKeys("someone@localhost");
                    b.findElement(By.id("query")).sendKeys("\"las bambas");
                    submit(b, "form button[type=submit]:not([formaction])", 400);
                }),
                new Page("subscribe-sent", () -> new Request("POST", prefix + "/subscriptions", Map.of("email",
                        address("sent"), "query", "las bambas", "frequency", "daily", "language", "en")), b -> {
                    b.get(server.base + prefix + "/subscribe");
                    b.findElement(By.id("email")).sendKeys(address("sent"));
                    b.findElement(By.id("query")).sendKeys("las bambas");
                    submit(b, "form button[type=submit]:not([formaction])", 202);
                }),
                get("preview", prefix + "/subscriptions/preview?q=las+bambas&regions=apurimac"),
                get("preview-refused", prefix + "/subscriptions/preview?q=%22las+bambas"),
                get("confirm", () -> prefix + "/subscriptions/confirm?token=" + pendingConfirmToken),
                get("already-confirmed", () -> prefix + "/subscriptions/confirm?token=" + TOKENS.sign(Tokens.Purpose.CONFIRM,
                        id(manageToken), version(manageToken))),
                new Page("alert-on", () -> new Request("POST", prefix + "/subscriptions/confirm?token=" + signUp(address("on")),
                        Map.of()), b -> {
                    b.get(server.base + prefix + "/subscriptions/confirm?token=" + signUp(address("on")));
                    submit(b, "main form button", 200);
                }),
                get("manage", () -> prefix + "/subscriptions/manage?token=" + manageToken),
                get("manage-saved", () -> prefix + "/subscriptions/manage?token=" + manageToken + "&done=save"),
                new Page("manage-refused", () -> new Request("POST", prefix + "/subscriptions/manage?token=" + manageToken,
                        Map.of("action", "save", "query", "\"las bambas", "frequency", "daily", "language", "en")), b -> {
                    b.get(server.base + prefix + "/subscriptions/manage?token=" + manageToken);
                    WebElement query = b.findElement(By.id("query"));
                    query.clear();
                    query.sendKeys("\"las bambas");
                    submit(b, "button[value=save]", 400);
                }),
                get("data", () -> prefix + "/subscriptions/data?token=" + dataToken),
                new Page("data-refused", () -> new Request("POST", prefix + "/subscriptions/data?token=" + dataToken, Map.of()),
                        b -> {
                            b.get(server.base + prefix + "/subscriptions/data?token=" + dataToken);
                            submit(b, "main form button", 400);
                        }),
                new Page("erased", () -> new Request("POST", prefix + "/subscriptions/data?token=" + dataLink(address("eraser")),
                        Map.of("sure", "yes")), b -> {
                    b.get(server.base + prefix + "/subscriptions/data?token=" + dataLink(address("eraser")));
                    b.findElement(By.id("sure")).click();
                    submit(b, "main form button", 200);
                }),
                get("data-link-needed", () -> prefix + "/subscriptions/data?token=" + manageToken),
                get("data-link-expired", () -> prefix + "/subscriptions/data?token=" + TOKENS.sign(Tokens.Purpose.DATA,
                        id(dataToken), version(dataToken), Optional.of(Instant.now().minus(Duration.ofHours(1))))),
                get("link-not-valid", prefix + "/subscriptions/manage?token=not-a-link-of-ours"),
                new Page("links-sent", () -> new Request("POST", prefix + "/subscriptions/links?token=" + dataToken, Map.of()), b -> {
                    b.get(server.base + prefix + "/subscriptions/data?token=" + TOKENS.sign(Tokens.Purpose.DATA,
                            id(dataToken), version(dataToken), Optional.of(Instant.now().minus(Duration.ofHours(1)))));
                    submit(b, "main form button", 202);
                }),
                new Page("links-cancelled", () -> new Request("POST", prefix + "/subscriptions/manage?token="
                        + confirm(signUp(address("canceller"))), Map.of("action", "cancel-links")), b -> {
                    b.get(server.base + prefix + "/subscriptions/manage?token=" + confirm(signUp(address("canceller"))));
                    submit(b, "button[value=cancel-links]", 200);
                }),
                get("link-cancelled", () -> prefix + "/subscriptions/manage?token=" + cancelled(address("cancelled"))),
                get("alert-gone", () -> prefix + "/subscriptions/manage?token=" + erased(address("gone"))),
                get("unsubscribe", () -> prefix + "/subscriptions/unsubscribe?token=" + TOKENS.sign(Tokens.Purpose.UNSUBSCRIBE,
                        id(manageToken), version(manageToken))),
                new Page("unsubscribed", () -> new Request("POST", prefix + "/subscriptions/unsubscribe?token="
                        + unsubscribeToken(confirm(signUp(address("leaver")))), Map.of()), b -> {
                    b.get(server.base + prefix + "/subscriptions/unsubscribe?token="
                            + unsubscribeToken(confirm(signUp(address("leaver")))));
                    submit(b, "main form button", 200);
                }));
    }

    static Stream<Page> english() {
        return pages("");
    }

    /** Every public page in English and in Spanish (those named {@code es-…}). */
    static Stream<Page> bothLanguages() {
        return Stream.concat(pages(""), pages("/es").map(page -> new Page("es-" + page.name(), page.request(), page.visit())));
    }

    // --- the checks ----------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("bothLanguages")
    void noWcagViolationAtAnyWidth(Page page) throws Exception {
        width(WIDE);
        page.visit().accept(browser);
        screenshot(page.name(), WIDE);
        screenshot(page.name(), NARROW);
        BrowserPages.assertNoSidewaysScroll(browser, page.name());
        width(WIDE);
        BrowserPages.assertNoWcagViolation(browser, page.name());
    }


    @ParameterizedTest(name = "{0}")
    @MethodSource("bothLanguages")
    void light(Page page) throws Exception {
        Request request = page.request().get();
        HttpRequest.Builder builder = server.request(request.path()).header("Accept", "text/html");
        if (request.form() == null) {
            builder.GET();
        } else {
            builder.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(request.form())));
        }
        HttpResponse<String> response = server.send(builder.build());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
                page.name() + " is " + response.headers().firstValue("Content-Type") + ": " + response.body());
        String html = response.body();
        int gzipped = gzipped(html);
        synchronized (GZIPPED) {
            GZIPPED.put(page.name(), gzipped);
        }
        assertTrue(gzipped <= MAX_GZIPPED, page.name() + " is " + gzipped + " bytes gzipped");

        Document document = Jsoup.parse(html, server.base + request.path());
        assertTrue(document.select("script, iframe, frame, object, embed").isEmpty(), page.name() + " has a script or an embed: "
                + document.select("script, iframe, frame, object, embed"));
        List<String> elsewhere = new ArrayList<>();
        for (Element element : document.select("link[href], img[src], img[srcset], source[srcset], source[src], video, audio, form[action]")) {
            for (String attribute : List.of("href", "src", "action")) {
                if (element.hasAttr(attribute) && !(element.tagName().equals("link")
                        && List.of("alternate", "canonical").contains(element.attr("rel")))
                        && !element.absUrl(attribute).startsWith(server.base + "/")) {
                    elsewhere.add(element.outerHtml());
                }
            }
            for (String candidate : element.attr("srcset").split(",")) {
                String url = candidate.strip().split("\\s+")[0];
                if (!url.isEmpty() && !java.net.URI.create(server.base + request.path()).resolve(url).toString()
                        .startsWith(server.base + "/")) {
                    elsewhere.add(element.outerHtml());
                }
            }
        }
        String styles = document.select("style").stream().map(Element::data).collect(Collectors.joining("\n"))
                + document.select("[style]").stream().map(e -> e.attr("style")).collect(Collectors.joining("\n"));
        Matcher outside = Pattern.compile("(?i)(@import|url\\()\\s*['\"]?\\s*(https?:)?//").matcher(styles);
        if (outside.find()) {
            elsewhere.add(outside.group());
        }
        assertTrue(elsewhere.isEmpty(), page.name() + " takes scripts, styles, fonts or images from elsewhere: " + elsewhere);
    }

    @Test
    void printedPagesLeaveOutTheSiteChromeAndTellWhereLinksGo() throws Exception {
        width(WIDE);
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            browser.get(server.base + "/subscribe");
            assertEquals("none", display("header"));
            assertEquals("none", display("main form"));
            browser.get(server.base + "/topics/extractive-industries");
            assertEquals("none", display("main .feeds"));

            browser.get(server.base + "/articles/" + LINKED);
            screenshot("article-print", WIDE);
            assertEquals("none", display("header"));
            assertEquals("none", display("footer"));
            assertEquals("rgb(0, 0, 0)", browser.executeScript("return getComputedStyle(document.querySelector('article p:not(.meta)')).color"));
            assertEquals("rgb(0, 0, 0)", browser.executeScript("return getComputedStyle(document.querySelector('article a[href^=http]')).color"));
            assertEquals("rgb(255, 255, 255)", browser.executeScript("return getComputedStyle(document.body).backgroundColor"));
            String after = (String) browser.executeScript(
                    "return getComputedStyle(document.querySelector('article a[href^=http]'), '::after').content");
            assertEquals("\" (https://www.example.org/answers/123)\"", after, "a link's address follows it on paper");
        } finally {
            browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
        }
    }

    private static String display(String selector) {
        return (String) browser.executeScript("return getComputedStyle(document.querySelector(arguments[0])).display", selector);
    }

    @Test
    void theSignUpWorksByKeyboardAlone() {
        width(WIDE);
        browser.get(server.base + "/subscribe");
        // the order of the form: the site link and the page in Spanish, then the address, the words, every topic, every
        // region, how often, the language (a radio group is one stop), and the buttons
        List<String> expected = new ArrayList<>(List.of("a:/", "a:/es/subscribe", "email", "query"));
        browser.findElements(By.cssSelector("input[name=topics]")).forEach(e -> expected.add("topics:" + e.getAttribute("value")));
        browser.findElements(By.cssSelector("input[name=regions]")).forEach(e -> expected.add("regions:" + e.getAttribute("value")));
        expected.addAll(List.of("frequency:daily", "language:en", "button:" + "Subscribe", "button:Preview matching articles"));
        List<String> visited = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            tab();
            visited.add(describeFocused());
            assertFocusVisible();
        }
        assertEquals(expected, visited, "the order of focus");

        // now the sign-up itself, from the top: a wrong address first
        browser.get(server.base + "/subscribe");
        tabTo("email");
        type("keyboard@localhost");
        tab();
        type("las bambas");
        tab();
        new Actions(browser).sendKeys(Keys.SPACE).perform();   // the first topic
        tabTo("frequency:daily");
        new Actions(browser).sendKeys(Keys.ARROW_DOWN).perform();   // weekly
        assertEquals("frequency:weekly", describeFocused());
        tabTo("button:Subscribe");
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        awaitStatus(browser, "[role=alert]");
        // the summary of problems has the focus, so it is read out first; its link leads to the field
        WebElement summary = browser.findElement(By.cssSelector(".error-summary"));
        assertEquals(summary, browser.switchTo().activeElement(), "the error summary has the focus");
        assertFocusVisible();
        tab();
        assertEquals("a:#email", describeFocused());
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        tab();   // from the field's place in the page
        String afterLink = describeFocused();
        assertTrue(afterLink.equals("email") || afterLink.equals("query"), "after the summary's link, focus is at the field: " + afterLink);
        if (afterLink.equals("query")) {
            new Actions(browser).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        }
        assertEquals("email", describeFocused());
        new Actions(browser).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).perform();
        type("keyboard@example.org");
        // what was chosen is kept
        assertTrue(browser.findElement(By.cssSelector("input[name=frequency][value=weekly]")).isSelected());
        assertEquals("las bambas", browser.findElement(By.id("query")).getAttribute("value"));
        tabTo("button:Subscribe");
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        awaitHeading(browser, "Check your inbox");
        assertTrue(browser.findElement(By.tagName("main")).getText().contains("keyboard@example.org"));
    }

    @Test
    void aRefusedSignUpTiesEachProblemToItsField() {
        browser.get(server.base + "/subscribe");
        browser.findElement(By.id("email")).sendKeys("someone@localhost");
        browser.findElement(By.id("query")).sendKeys("\"las bambas");
        browser.findElement(By.cssSelector("form button[type=submit]:not([formaction])")).click();
        awaitStatus(browser, "[role=alert]");
        assertTrue(browser.getTitle().startsWith("Error: "), browser.getTitle());
        WebElement summary = browser.findElement(By.cssSelector(".error-summary"));
        assertEquals("alert", summary.getAttribute("role"));
        assertEquals("-1", summary.getAttribute("tabindex"));
        assertEquals(summary, browser.switchTo().activeElement());
        List<WebElement> links = summary.findElements(By.cssSelector("a"));
        assertEquals(List.of("#email", "#query"), links.stream().map(a -> a.getDomAttribute("href")).toList());
        for (String field : List.of("email", "query")) {
            WebElement input = browser.findElement(By.id(field));
            assertEquals("true", input.getAttribute("aria-invalid"), field);
            List<String> describedBy = List.of(input.getAttribute("aria-describedby").split(" "));
            assertTrue(describedBy.contains(field + "-error"), field + " is described by " + describedBy);
            WebElement error = browser.findElement(By.id(field + "-error"));
            assertTrue(error.getText().length() > 10, error.getText());
            // the summary says the same as the message at the field
            assertTrue(summary.getText().contains(error.getText().replaceFirst("^Error:\\s*", "")), summary.getText());
        }
        assertFalse(browser.findElement(By.id("query-help")).getText().isBlank(), "the hint stays");
    }

    // --- the browser ---------------------------------------------------------------------------------

    private static void width(int pixels) {
        BrowserPages.width(browser, pixels);
    }

    private static void screenshot(String name, int pixels) throws Exception {
        BrowserPages.screenshot(browser, name, pixels);
    }

    private static void tab() {
        new Actions(browser).sendKeys(Keys.TAB).perform();
    }

    private static void type(String text) {
        new Actions(browser).sendKeys(text).perform();
    }

    /** Tabs on until the element {@link #describeFocused} names so has the focus. */
    private static void tabTo(String wanted) {
        for (int i = 0; i < 80; i++) {
            tab();
            if (describeFocused().equals(wanted)) {
                return;
            }
        }
        fail("never reached " + wanted + " by Tab");
    }

    /** The focused element: {@code id}, {@code name:value} for a box or button, {@code a:href}, {@code button:text}. */
    private static String describeFocused() {
        WebElement focused = browser.switchTo().activeElement();
        String tag = focused.getTagName();
        String type = focused.getDomAttribute("type");
        if (tag.equals("a")) {
            return "a:" + focused.getDomAttribute("href");
        }
        if (tag.equals("button")) {
            return "button:" + focused.getText();
        }
        if (tag.equals("input") && ("checkbox".equals(type) || "radio".equals(type))) {
            return focused.getDomAttribute("name") + ":" + focused.getDomAttribute("value");
        }
        String id = focused.getDomAttribute("id");
        return id != null ? id : tag;
    }

    /** The focused element shows it: an outline or a shadow that is not nothing. */
    private static void assertFocusVisible() {
        @SuppressWarnings("unchecked")
        Map<String, Object> style = (Map<String, Object>) browser.executeScript("const s = getComputedStyle(document.activeElement);"
                + " return {outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth, boxShadow: s.boxShadow};");
        boolean outline = !"none".equals(style.get("outlineStyle")) && !"0px".equals(style.get("outlineWidth"));
        boolean shadow = !"none".equals(style.get("boxShadow"));
        assertTrue(outline || shadow, describeFocused() + " shows no focus: " + style);
    }

    /**
     * Presses the button and waits for the page that answers, whatever its language; checks its status, as the browser
     * got it (Navigation Timing).
     */
    private static void submit(ChromeDriver b, String button, int status) {
        WebElement pressed = b.findElement(By.cssSelector(button));
        pressed.click();
        HeadlessChromium.awaitGone(b, pressed);
        new WebDriverWait(b, Duration.ofSeconds(10)).until(d -> "complete".equals(b.executeScript("return document.readyState")));
        Object answered = b.executeScript("return performance.getEntriesByType('navigation')[0].responseStatus");
        assertEquals(status, ((Number) answered).intValue(), "after " + button + ": " + b.getCurrentUrl() + "\n" + b.getPageSource());
    }

    private static void awaitHeading(ChromeDriver b, String expected) {
        HeadlessChromium.awaitHeading(b, expected);
    }

    private static void awaitStatus(ChromeDriver b, String selector) {
        try {
            new WebDriverWait(b, Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector(selector)).isEmpty());
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no " + selector + " on " + b.getCurrentUrl() + "\n" + b.getPageSource());
        }
    }

    // --- subscribers ---------------------------------------------------------------------------------

    /** A manage link of {@code address}, whose owner then erased everything held about them. */
    private static String erased(String address) {
        String manage = confirm(signUp(address));
        HttpResponse<String> done = post("/subscriptions/data?token=" + dataLink(address, manage), Map.of("sure", "yes"));
        assertEquals(200, done.statusCode(), done.body());
        assertEquals(410, server.get("/subscriptions/manage?token=" + manage).statusCode(), "the alert is gone");
        return manage;
    }

    /** A manage link of {@code address} that its owner cancelled (every link of the subscriber replaced). */
    private static String cancelled(String address) {
        String manage = confirm(signUp(address));
        HttpResponse<String> done = server.send(server.request("/subscriptions/manage?token=" + manage)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=cancel-links")).build());
        assertEquals(200, done.statusCode(), done.body());
        return manage;
    }

    private static String address(String who) {
        return who + "-" + ADDRESSES.incrementAndGet() + "@example.org";
    }

    /** Signs up {@code address} with the form, and gives the token of the link mailed to confirm it. */
    private static String signUp(String address) {
        HttpResponse<String> response = post("/subscriptions", Map.of("email", address, "query", "las bambas", "frequency",
                "daily", "language", "en"));
        assertEquals(202, response.statusCode(), response.body());
        return token(link(awaitMail(address, 1), "/subscriptions/confirm?token="));
    }

    /** Confirms with the button of the confirmation page, and gives the token of the manage link that follows. */
    private static String confirm(String confirmToken) {
        HttpResponse<String> response = post("/subscriptions/confirm?token=" + confirmToken, Map.of());
        assertEquals(200, response.statusCode(), response.body());
        Matcher manage = Pattern.compile("/subscriptions/manage\\?token=([A-Za-z0-9_-]+)").matcher(response.body());
        assertTrue(manage.find(), response.body());
        return manage.group(1);
    }

    /** A photo uploaded through the admin API, as the editors' desk does: what the API says of it. */
    private static JsonObject upload(String fixture, String type, String alt) throws Exception {
        io.vertx.ext.web.client.WebClient client = io.vertx.ext.web.client.WebClient.create(server.vertx());
        try {
            var form = io.vertx.ext.web.multipart.MultipartForm.create().attribute("alt", alt).binaryFileUpload("file", fixture,
                    io.vertx.core.buffer.Buffer.buffer(uk.org.perusupportgroup.quipu.media.Fixture.bytes(fixture)), type);
            var response = client.postAbs(server.base + "/api/media").bearerTokenAuthentication(TestServer.TOKEN)
                    .sendMultipartForm(form).toCompletionStage().toCompletableFuture().get();
            assertEquals(201, response.statusCode(), response.bodyAsString());
            return response.bodyAsJsonObject();
        } finally {
            client.close();
        }
    }

    /** A new confirmed subscriber at {@code address}: the token of the data link mailed to it. */
    private static String dataLink(String address) {
        return dataLink(address, confirm(signUp(address)));
    }

    /** Asks from the manage page for the data link, and gives the token of the one mailed. */
    private static String dataLink(String address, String manage) {
        HttpResponse<String> sent = post("/subscriptions/manage?token=" + manage, Map.of("action", "data-link"));
        assertEquals(303, sent.statusCode(), sent.body());
        return token(link(awaitMail(address, 2), "/subscriptions/data?token="));
    }

    /** An alert's unsubscribe token, signed as its emails are, from its manage token (same alert, same version). */
    private static String unsubscribeToken(String manage) {
        return TOKENS.sign(Tokens.Purpose.UNSUBSCRIBE, id(manage), version(manage));
    }

    /** The number a token names (an alert, or for a data link a subscriber). */
    private static long id(String token) {
        return ByteBuffer.wrap(Base64.getUrlDecoder().decode(token)).getLong(1);
    }

    private static int version(String token) {
        return ByteBuffer.wrap(Base64.getUrlDecoder().decode(token)).getInt(17);
    }

    private static HttpResponse<String> post(String path, Map<String, String> form) {
        return server.send(server.request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))).build());
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static MimeMessage awaitMail(String address, int count) {
        return Mailboxes.await(SMTP, address, count).get(count - 1);
    }

    private static String link(MimeMessage message, String path) {
        try {
            Object content = message.getContent();
            String text = content instanceof Multipart multipart ? (String) multipart.getBodyPart(0).getContent() : (String) content;
            Matcher m = Pattern.compile(Pattern.quote(path) + "[A-Za-z0-9_-]+").matcher(text);
            assertTrue(m.find(), "no " + path + " link in:\n" + text);
            return m.group();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String token(String link) {
        return link.substring(link.indexOf("token=") + "token=".length());
    }

    private static int gzipped(String html) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(html.getBytes(StandardCharsets.UTF_8));
        }
        return out.size();
    }
}
