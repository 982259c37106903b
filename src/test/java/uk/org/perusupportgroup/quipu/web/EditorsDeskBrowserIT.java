package uk.org.perusupportgroup.quipu.web;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import uk.org.perusupportgroup.quipu.MutableClock;
import uk.org.perusupportgroup.quipu.RunningServer;
import uk.org.perusupportgroup.quipu.TestServer;
import uk.org.perusupportgroup.quipu.media.CleanFiles;
import uk.org.perusupportgroup.quipu.media.Fixture;

/**
 * The editor's desk as an editor uses it, in Debian's headless Chromium: sign in, upload a protest photo (with GPS
 * EXIF) with its alt text, caption and credit, write a draft with it as the lead image, preview it, schedule it for a
 * London time, and see it go out in the feeds at that time (the service's clock moved by hand), its photo carried as an
 * enclosure without any of the original's metadata.
 */
class EditorsDeskBrowserIT {

    private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MINUTES));

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(Map::of, CLOCK, running -> server = running);
    private static TestServer server;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        server.addStaff("Lucía", "a long editor's password");
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static void clickAndWait(By button, String urlPart) {
        browser.findElement(button).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.getCurrentUrl().contains(urlPart));
    }

    private static void type(String id, String text) {
        browser.findElement(By.id(id)).clear();
        browser.findElement(By.id(id)).sendKeys(text);
    }

    @Test
    void anEditorWritesADraftWithAPhotoPreviewsItSchedulesItAndItGoesOutAtItsTime() throws Exception {
        // sign in
        browser.get(server.base + "/admin/articles");
        type("name", "Lucía");
        type("password", "a long editor's password");
        clickAndWait(By.cssSelector("main form button[type=submit]"), "/admin/articles");

        // the photo, through the staff page
        browser.findElement(By.cssSelector("nav a[href='/admin/media']")).click();
        browser.findElement(By.id("file")).sendKeys(Fixture.DIR.resolve("gps-exif.jpg").toAbsolutePath().toString());
        type("alt", "Families holding photographs of the dead outside the court in Juliaca");
        type("caption", "Juliaca, January 2024");
        type("credit", "Ana Quispe");
        clickAndWait(By.cssSelector("form[action='/admin/media'] button[type=submit]"), "done=");
        String number = browser.getCurrentUrl().replaceAll("^.*done=([0-9]+).*$", "$1");
        assertTrue(browser.findElement(By.id("uploaded")).getText().contains(number));

        // a draft, with the photo as its lead image, for Monday 08:00 London time a week ahead
        Instant monday = CLOCK.instant().plus(Duration.ofDays(7)).atZone(ZoneId.of("Europe/London"))
                .withHour(8).withMinute(0).toInstant();
        String londonTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Europe/London")).format(monday);
        browser.get(server.base + "/admin/articles/new");
        type("title", "Juliaca: the families' report");
        type("summary", "A year after the killings, the families publish their report.");
        type("body", "The families of the **Juliaca** victims publish their report.");
        type("published", londonTime);
        new Select(browser.findElement(By.id("status"))).selectByValue("draft");
        type("image_id", number);
        type("image_alt", "Families holding photographs of the dead outside the court in Juliaca");
        type("image_caption", "Juliaca, January 2024.");
        type("image_credit", "Ana Quispe");
        browser.findElement(By.id("topics-justice-and-impunity")).click();
        browser.findElement(By.id("regions-puno")).click();

        // Preview: a new tab with the page as it will look, the photo with its alt text; nothing saved
        String form = browser.getWindowHandle();
        browser.findElement(By.cssSelector("button[formaction='/admin/articles/preview']")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.getWindowHandles().size() == 2);
        for (String handle : new ArrayList<>(browser.getWindowHandles())) {
            if (!handle.equals(form)) {
                browser.switchTo().window(handle);
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> !browser.findElements(By.cssSelector("article h1")).isEmpty());
        assertEquals("Juliaca: the families' report", browser.findElement(By.cssSelector("article h1")).getText());
        assertEquals("Families holding photographs of the dead outside the court in Juliaca",
                browser.findElement(By.cssSelector("article figure img")).getAttribute("alt"));
        assertTrue(browser.findElement(By.cssSelector("[role=status]")).getText().contains("not saved or published"));
        browser.close();
        browser.switchTo().window(form);
        assertEquals(404, server.get("/articles/juliaca-the-families-report").statusCode(), "the preview saved nothing");

        // saved as a draft: staff see it, nobody else
        clickAndWait(By.cssSelector("form[action='/admin/articles/new'] button:not([formaction])"), "done=");
        assertTrue(browser.findElement(By.cssSelector("[role=status]")).getText().contains("Saved as a draft"));
        assertTrue(browser.findElement(By.id("drafts")).isDisplayed());
        assertFalse(server.get("/feeds/all.rss").body().contains("Juliaca: the families"));

        // scheduled: the same article saved as published, its time still to come
        browser.get(server.base + "/admin/articles/juliaca-the-families-report/edit");
        assertEquals(londonTime, browser.findElement(By.id("published")).getAttribute("value"));
        new Select(browser.findElement(By.id("status"))).selectByValue("published");
        clickAndWait(By.cssSelector("form[action='/admin/articles/juliaca-the-families-report/edit'] button:not([formaction])"),
                "done=");
        assertTrue(browser.findElement(By.cssSelector("[role=status]")).getText().contains("Scheduled"));
        assertTrue(browser.findElement(By.id("drafts")).findElement(By.xpath("..")).getText().contains("Scheduled for " + londonTime));
        assertFalse(server.get("/feeds/all.rss").body().contains("Juliaca: the families"), "not before its time");
        assertEquals(404, server.get("/articles/juliaca-the-families-report").statusCode());

        // Monday 08:00 London time: out within 5 s, with its photo, and no metadata from the original
        CLOCK.set(monday);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> server.get("/feeds/topics/justice-and-impunity.rss").body().contains("Juliaca: the families"));
        Element item = Jsoup.parse(server.get("/feeds/topics/justice-and-impunity.rss").body(), "",
                org.jsoup.parser.Parser.xmlParser()).selectFirst("item");
        String enclosure = item.selectFirst("enclosure").attr("url");
        assertEquals("image/jpeg", item.selectFirst("enclosure").attr("type"));
        byte[] photo = server.getBytes(URI.create(enclosure).getPath()).body();
        CleanFiles.assertClean(photo, "the photo as readers get it");
        browser.get(server.base + "/articles/juliaca-the-families-report");
        assertTrue(browser.findElement(By.cssSelector("figcaption")).getText().contains("Ana Quispe"));
        assertEquals(monday, Instant.parse(browser.findElement(By.cssSelector("article time")).getAttribute("datetime")),
                "published at its scheduled time");
    }
}
