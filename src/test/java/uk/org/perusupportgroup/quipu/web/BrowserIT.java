package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import uk.org.perusupportgroup.quipu.RunningServer;
import uk.org.perusupportgroup.quipu.TestServer;

/**
 * The directory and a topic page in a real browser (Debian's headless Chromium): the feed links are
 * there, and fetching each from the page gives the feed. Needs {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs.
 */
class BrowserIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(running -> server = running);
    private static TestServer server;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void directoryOffersEveryFeedAndTheLinksWork() {
        browser.get(server.base + "/");
        assertEquals("Peru Support Group news feeds", browser.getTitle());
        List<WebElement> alternates = browser.findElements(By.cssSelector("link[rel=alternate][type]"));
        assertEquals(44, alternates.size());
        List<WebElement> links = browser.findElements(By.cssSelector("main a[type]"));
        assertEquals(3 * (1 + 12 + 28 + 1 + 3), links.size(), "every feed in every format, partners included");
        for (WebElement link : List.of(links.get(0), links.get(1), links.get(2), links.get(links.size() - 1))) {
            assertFeed(link.getAttribute("href"), link.getAttribute("type"));
        }
    }

    @Test
    void topicPageAdvertisesItsFeedsFirstAndTheyWork() {
        browser.get(server.base + "/topics/extractive-industries");
        assertEquals("Extractive industries", browser.findElement(By.tagName("h1")).getText());
        WebElement box = browser.findElement(By.cssSelector("main .feeds"));
        List<WebElement> links = box.findElements(By.tagName("a"));
        assertEquals(3, links.size());
        for (WebElement link : links) {
            assertTrue(link.getAttribute("href").startsWith(server.base + "/feeds/topics/extractive-industries."));
            assertFeed(link.getAttribute("href"), link.getAttribute("type"));
        }
        List<WebElement> articles = browser.findElements(By.cssSelector("ol.articles li h3 a"));
        assertFalse(articles.isEmpty());
        articles.get(0).click();
        assertTrue(browser.getCurrentUrl().startsWith(server.base + "/articles/"));
        assertFalse(browser.findElement(By.tagName("h1")).getText().isBlank());
    }

    /** Fetches the feed from inside the page, as a feed reader extension or a partner widget would. */
    private static void assertFeed(String href, String type) {
        Object result = ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0]).then(r => r.text().then(t => done([r.status, r.headers.get('content-type'), t.slice(0, 400)])))"
                        + ".catch(e => done([0, '', String(e)]));", href);
        List<?> answer = (List<?>) result;
        assertEquals(200L, ((Number) answer.get(0)).longValue(), href + ": " + answer);
        assertTrue(String.valueOf(answer.get(1)).startsWith(type), href + " is " + answer.get(1));
        String start = String.valueOf(answer.get(2));
        assertTrue(start.contains("<rss") || start.contains("<feed") || start.contains("jsonfeed.org/version/1.1"), start);
    }
}
