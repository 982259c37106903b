package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;
import uk.org.perusupportgroup.quipu.RunningServer;
import uk.org.perusupportgroup.quipu.TestServer;
import uk.org.perusupportgroup.quipu.media.Fixture;

/**
 * Signing in as a person does, in Debian's headless Chromium over plain http://127.0.0.1: the browser keeps the Secure
 * session cookie (a loopback address is a secure context), sends it back, and posts a staff form with its CSRF token
 * from the page (an article, then a photo through the multipart upload form); signing out ends it.
 */
class StaffSignInBrowserIT {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer(running -> server = running);
    private static TestServer server;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        server.addStaff("rosa", "rosa's long password");
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aStaffMemberSignsInSavesAnArticleAndSignsOut() {
        browser.get(server.base + "/admin/articles/new");
        assertTrue(browser.getCurrentUrl().startsWith(server.base + "/admin/signin?then="), browser.getCurrentUrl());
        browser.findElement(By.id("name")).sendKeys("rosa");
        browser.findElement(By.id("password")).sendKeys("rosa's long password");
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> !browser.getCurrentUrl().contains("/admin/signin"));
        assertEquals(server.base + "/admin/articles/new", browser.getCurrentUrl(), browser.findElement(By.tagName("body")).getText());
        Cookie cookie = browser.manage().getCookieNamed("quipu_staff");
        assertTrue(cookie.isSecure() && cookie.isHttpOnly() && cookie.getSameSite().equals("Strict") && cookie.getPath().equals("/admin"),
                cookie.toString());
        assertTrue(browser.findElement(By.tagName("nav")).getText().contains("Signed in as rosa"));

        browser.findElement(By.id("title")).sendKeys("Signed by Rosa");
        browser.findElement(By.id("summary")).sendKeys("A staff member's article");
        browser.findElement(By.id("published")).sendKeys("2025-05-01");
        browser.findElement(By.id("topics-civic-space")).click();
        browser.findElement(By.id("regions-national")).click();
        browser.findElement(By.cssSelector("form[action='/admin/articles/new'] button:not([formaction])")).click();
        // the answer is a redirect: on a busy machine the click can return before the next page has come
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> !browser.getCurrentUrl().endsWith("/admin/articles/new"));
        assertEquals(server.base + "/admin/articles?done=saved+signed-by-rosa", browser.getCurrentUrl(),
                browser.findElement(By.tagName("body")).getText());

        // a photo uploaded through the staff page's form (multipart, with the page's CSRF token), under her name
        browser.findElement(By.cssSelector("nav a[href='/admin/media']")).click();
        browser.findElement(By.id("file")).sendKeys(Fixture.DIR.resolve("opaque.png").toAbsolutePath().toString());
        browser.findElement(By.id("alt")).sendKeys("A grey square");
        browser.findElement(By.cssSelector("form[action='/admin/media'] button[type=submit]")).click();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> browser.getCurrentUrl().contains("done="));
        assertTrue(browser.getCurrentUrl().matches(Pattern.quote(server.base) + "/admin/media\\?done=[0-9]+"),
                browser.getCurrentUrl() + " " + browser.findElement(By.tagName("body")).getText());
        String uploaded = browser.findElement(By.id("uploaded")).getText();
        assertTrue(uploaded.startsWith("Uploaded: number "), uploaded);
        assertTrue(browser.findElement(By.id("uploaded-snippet")).getAttribute("value").startsWith("![A grey square](/media/"));
        assertTrue(browser.findElement(By.cssSelector("tbody tr")).getText().contains("by rosa"));

        browser.findElement(By.cssSelector("form[action='/admin/signout'] button")).click();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> browser.getCurrentUrl().contains("/admin/signin"));
        assertEquals(server.base + "/admin/signin?out", browser.getCurrentUrl());
        assertTrue(browser.findElement(By.cssSelector("[role=status]")).getText().contains("You are signed out."));
        assertNull(browser.manage().getCookieNamed("quipu_staff"));
        browser.get(server.base + "/admin/articles");
        assertTrue(browser.getCurrentUrl().startsWith(server.base + "/admin/signin?then="), browser.getCurrentUrl());
    }
}
