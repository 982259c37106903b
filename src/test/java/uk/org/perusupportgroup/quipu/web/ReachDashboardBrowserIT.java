package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
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

    private static final int NARROW = BrowserPages.NARROW;
    private static final int WIDE = BrowserPages.WIDE;

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
        BrowserPages.assertNoWcagViolation(browser, "the reach dashboard");
    }

    private static void assertNoSidewaysScroll(String what) {
        BrowserPages.assertNoSidewaysScroll(browser, what);
    }

    private static void width(int pixels) {
        BrowserPages.width(browser, pixels);
    }

    private static void screenshot(String name, int pixels) throws Exception {
        BrowserPages.screenshot(browser, name, pixels);
    }
}
