package uk.org.perusupportgroup.quipu.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import uk.org.perusupportgroup.quipu.Mailboxes;
import uk.org.perusupportgroup.quipu.RunningServer;
import uk.org.perusupportgroup.quipu.TestServer;
import uk.org.perusupportgroup.quipu.web.HeadlessChromium;

/**
 * The subscriber's pages in headless Chromium, without JavaScript help from the pages: sign up with a preview first,
 * confirm from the mailed link, manage (save, pause), erase through the mailed data link, and unsubscribe from an
 * alert's link.
 */
class AlertPagesBrowserIT {

    @RegisterExtension
    @Order(1)
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withPerMethodLifecycle(false);

    @RegisterExtension
    @Order(2)
    static final RunningServer SERVER = new RunningServer(() -> Map.of("QUIPU_MAIL_SMTP_HOST", "127.0.0.1",
            "QUIPU_MAIL_SMTP_PORT", Integer.toString(SMTP.getSmtp().getPort()), "QUIPU_MAIL_SMTP_STARTTLS", "false"),
            running -> server = running);
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

    /** Waits for the page with this heading (after a click, the old page may still be showing). */
    private static void awaitHeading(String expected) {
        HeadlessChromium.awaitHeading(browser, expected);
    }

    private static void awaitText(String expected) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getPageSource().contains(expected));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no '" + expected + "' on " + browser.getCurrentUrl() + "\n" + browser.getPageSource());
        }
    }

    private static MimeMessage awaitMail(String address, int count) {
        return Mailboxes.await(SMTP, address, count).get(count - 1);
    }

    private static String link(MimeMessage message, String path) throws Exception {
        Object content = message.getContent();
        String text = content instanceof Multipart multipart ? (String) multipart.getBodyPart(0).getContent() : (String) content;
        Matcher m = Pattern.compile(Pattern.quote(server.base + path) + "[A-Za-z0-9_-]+").matcher(text);
        assertTrue(m.find(), "no " + path + " link in:\n" + text);
        return m.group();
    }

    @Test
    void signUpWithAPreviewConfirmManageAndErase() throws Exception {
        browser.get(server.base + "/subscribe");
        awaitHeading("Email alerts");
        browser.findElement(By.id("email")).sendKeys("browser@example.org");
        browser.findElement(By.id("query")).sendKeys("\"las bambas\" OR espinar");
        browser.findElement(By.cssSelector("input[name=regions][value=apurimac]")).click();
        browser.findElement(By.cssSelector("input[name=frequency][value=immediate]")).click();
        browser.findElement(By.xpath("//button[text()='Preview matching articles']")).click();
        awaitHeading("What this alert finds");
        assertTrue(!browser.getCurrentUrl().contains("example.org"), "the address is never in a URL: " + browser.getCurrentUrl());
        awaitText("/articles/amnesty-publishes-annual-report");
        assertEquals("\"las bambas\" OR espinar", browser.findElement(By.id("query")).getAttribute("value"), "the form is kept");
        assertTrue(browser.findElement(By.cssSelector("input[name=regions][value=apurimac]")).isSelected());

        browser.findElement(By.xpath("//button[text()='Subscribe']")).click();
        awaitHeading("Check your inbox");

        browser.get(link(awaitMail("browser@example.org", 1), "/subscriptions/confirm?token="));
        awaitHeading("Confirm your alert");
        browser.findElement(By.xpath("//button[text()='Confirm']")).click();
        awaitHeading("Your alert is on");

        browser.findElement(By.linkText("Manage this alert")).click();
        awaitHeading("Your alert");
        browser.findElement(By.cssSelector("input[name=frequency][value=weekly]")).click();
        browser.findElement(By.xpath("//button[text()='Save changes']")).click();
        awaitText("Saved.");
        assertTrue(browser.findElement(By.cssSelector("input[name=frequency][value=weekly]")).isSelected());
        browser.findElement(By.xpath("//button[text()='Pause']")).click();
        awaitText("Paused: no emails until you resume.");
        browser.findElement(By.xpath("//button[text()='Resume']")).click();
        awaitText("Resumed.");

        browser.findElement(By.xpath("//button[text()='Email me a link to export or erase my data']")).click();
        awaitText("on its way to your address");
        browser.get(link(awaitMail("browser@example.org", 2), "/subscriptions/data?token="));
        awaitHeading("Your data");
        browser.findElement(By.cssSelector("input[name=sure]")).click();
        browser.findElement(By.xpath("//button[text()='Erase everything']")).click();
        awaitHeading("Everything is erased");
    }

    @Test
    void unsubscribeFromTheLinkInAnAlert() throws Exception {
        String address = "leaver@example.org";
        browser.get(server.base + "/subscribe");
        browser.findElement(By.id("email")).sendKeys(address);
        browser.findElement(By.id("query")).sendKeys("quellaveco");
        browser.findElement(By.cssSelector("input[name=frequency][value=immediate]")).click();
        browser.findElement(By.xpath("//button[text()='Subscribe']")).click();
        browser.get(link(awaitMail(address, 1), "/subscriptions/confirm?token="));
        browser.findElement(By.xpath("//button[text()='Confirm']")).click();
        awaitHeading("Your alert is on");   // confirmed before the article comes, or it alerts nobody

        JsonObject article = new JsonObject().put("slug", "quellaveco-water").put("title", "Quellaveco and the water of Moquegua")
                .put("summary", "Water.").put("body", "Water.").put("published", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("topics", new JsonArray().add("environment")).put("regions", new JsonArray().add("moquegua")).put("language", "en");
        assertEquals(201, server.api("POST", "/api/articles", article.encode()).statusCode());
        server.runAlerts();
        MimeMessage alert = awaitMail(address, 2);
        String unsubscribe = alert.getHeader("List-Unsubscribe", null);
        browser.get(unsubscribe.substring(1, unsubscribe.length() - 1));
        awaitHeading("Unsubscribe");
        browser.findElement(By.xpath("//button[text()='Unsubscribe']")).click();
        awaitHeading("Unsubscribed");
    }
}
