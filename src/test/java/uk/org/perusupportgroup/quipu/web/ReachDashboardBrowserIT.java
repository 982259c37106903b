package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import uk.org.perusupportgroup.quipu.RunningServer;
import uk.org.perusupportgroup.quipu.TestServer;

/**
 * The reach dashboard in Debian's headless Chromium, signed in as a person does, with figures to show: its charts are
 * drawn (every SVG and its bars visible, of some size; alerts and partners counted too), axe-core finds no WCAG 2.1 A or AA violation (the tables under
 * the charts opened too), nothing scrolls sideways at 320 pixels; screenshots at 1,200 and 320 pixels wide in
 * {@code target/screenshots/admin-reach-*.png}.
 */
class ReachDashboardBrowserIT {

    private static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");
    private static final int NARROW = 320;
    private static final int WIDE = 1200;
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(() -> Map.of("QUIPU_HTTP_BEHIND_PROXY", "true",
            "QUIPU_REACH_WRITE_EVERY", "1h"), running -> server = running);
    private static TestServer server;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        server.addStaff("rosa", "rosa's long password");
        ReachDashboardIT.readFeeds(server);
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        ReachDashboardIT.countAlerts(server, today.minusDays(1), today);
        Files.createDirectories(SCREENSHOTS);
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theDashboardDrawsItsChartsAndReadsWellAtAnyWidth() throws Exception {
        width(WIDE);
        browser.get(server.base + "/admin/reach");
        assertTrue(browser.getCurrentUrl().startsWith(server.base + "/admin/signin?then="), browser.getCurrentUrl());
        browser.findElement(By.id("name")).sendKeys("rosa");
        browser.findElement(By.id("password")).sendKeys("rosa's long password");
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> browser.getCurrentUrl().equals(server.base + "/admin/reach"));
        HeadlessChromium.awaitHeading(browser, "Reach: who reads the feeds and the alerts");
        assertEquals("10", browser.findElement(By.id("total-full")).getText());

        List<WebElement> charts = browser.findElements(By.cssSelector("figure svg[role=img]"));
        assertEquals(4, charts.size(), "requests, readers, client families, alerts");
        for (WebElement chart : charts) {
            assertTrue(chart.isDisplayed(), chart.getAttribute("aria-label"));
            assertTrue(chart.getSize().getWidth() > 300 && chart.getSize().getHeight() > 50, chart.getAttribute("aria-label") + " " + chart.getSize());
            List<WebElement> bars = chart.findElements(By.tagName("rect"));
            assertTrue(!bars.isEmpty(), chart.getAttribute("aria-label"));
            for (WebElement bar : bars) {
                Map<?, ?> box = (Map<?, ?>) browser.executeScript("var r = arguments[0].getBoundingClientRect(); return {w: r.width, h: r.height};", bar);
                assertTrue(((Number) box.get("w")).doubleValue() > 0 && ((Number) box.get("h")).doubleValue() > 0, "a bar drawn: " + box);
            }
        }

        screenshot("admin-reach", WIDE);
        width(NARROW);
        screenshot("admin-reach", NARROW);
        assertNoSidewaysScroll("the page");
        for (WebElement summary : browser.findElements(By.cssSelector("details > summary"))) {
            summary.click();
        }
        assertTrue(browser.findElements(By.cssSelector("details:not([open])")).isEmpty(), "every table opened");
        assertNoSidewaysScroll("the page with its tables open");
        width(WIDE);
        Results results = new AxeBuilder().withTags(WCAG_21_AA).analyze(browser);
        List<String> passed = results.getPasses().stream().map(Rule::getId).toList();
        assertTrue(results.getErrorMessage() == null && passed.containsAll(List.of("document-title", "html-has-lang", "color-contrast")),
                "axe ran its rules: " + results.getErrorMessage() + " " + passed);
        if (!results.getIncomplete().isEmpty()) {
            System.out.println("admin-reach: axe could not decide " + results.getIncomplete().stream().map(Rule::getId).toList());
        }
        assertTrue(results.getViolations().isEmpty(), "the reach dashboard breaks WCAG 2.1 AA:\n" + report(results.getViolations()));
    }

    private static void assertNoSidewaysScroll(String what) {
        long scrollWidth = ((Number) browser.executeScript("return document.documentElement.scrollWidth")).longValue();
        long innerWidth = ((Number) browser.executeScript("return window.innerWidth")).longValue();
        assertTrue(scrollWidth <= innerWidth, what + " scrolls sideways at " + NARROW + " px: " + scrollWidth + " > " + innerWidth);
    }

    private static String report(List<Rule> violations) {
        StringBuilder out = new StringBuilder();
        for (Rule rule : violations) {
            out.append("- ").append(rule.getId()).append(" (").append(rule.getImpact()).append("): ").append(rule.getHelp()).append('\n');
            for (CheckedNode node : rule.getNodes()) {
                out.append("    ").append(node.getTarget()).append("  ").append(node.getHtml()).append('\n');
            }
        }
        return out.toString();
    }

    private static void width(int pixels) {
        height(pixels, 900);
    }

    private static void height(int width, long height) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", false));
    }

    /** The whole page, top to bottom, at this width. */
    private static void screenshot(String name, int pixels) throws Exception {
        width(pixels);
        long height = ((Number) browser.executeScript("return document.documentElement.scrollHeight")).longValue();
        height(pixels, Math.min(Math.max(height, 200), 12_000));
        Files.write(SCREENSHOTS.resolve(name + "-" + pixels + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        width(pixels);
    }
}
