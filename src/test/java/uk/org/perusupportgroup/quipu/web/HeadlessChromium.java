package uk.org.perusupportgroup.quipu.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's Chromium, headless, driven by its own chromedriver (never a downloaded one). */
public final class HeadlessChromium {

    private HeadlessChromium() {}

    /** A fresh browser with its own profile; needs {@code chromium} and {@code chromium-driver} (.ci/run installs them). */
    public static ChromeDriver start() throws IOException {
        File chromium = new File("/usr/bin/chromium");
        File driver = new File("/usr/bin/chromedriver");
        if (!chromium.canExecute() || !driver.canExecute()) {
            throw new IllegalStateException("browser tests need Debian's chromium and chromium-driver:"
                    + " apt-get install chromium chromium-driver (.ci/run does this)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
                "--disable-dev-shm-usage", "--user-data-dir=" + Files.createTempDirectory("quipu-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return browser;
    }

    /**
     * Waits up to 10 s for {@code element} to leave the page (after a click that loads another). Chromium reports an
     * element of a page being replaced either as stale or as "does not belong to the document": both mean gone.
     */
    public static void awaitGone(WebDriver browser, org.openqa.selenium.WebElement element) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> {
            try {
                element.isEnabled();
                return false;
            } catch (StaleElementReferenceException e) {
                return true;
            } catch (WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        });
    }

    /** Waits up to 10 s for the page headed {@code expected} (after a click, the old page may still be showing). */
    public static void awaitHeading(WebDriver browser, String expected) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> {
                try {
                    return d.findElements(By.tagName("h1")).stream().anyMatch(h -> h.getText().equals(expected));
                } catch (StaleElementReferenceException e) {
                    return false;
                } catch (WebDriverException e) {
                    // the old page went while its heading was read ("Node with given id does not belong to the document")
                    if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                        return false;
                    }
                    throw e;
                }
            });
        } catch (TimeoutException e) {
            throw new AssertionError("no page headed '" + expected + "': " + browser.getCurrentUrl() + "\n" + browser.getPageSource());
        }
    }
}
