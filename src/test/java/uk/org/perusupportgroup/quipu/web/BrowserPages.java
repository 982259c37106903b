package uk.org.perusupportgroup.quipu.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What the browser tests check of a page, the same way for every page: axe-core's WCAG 2.1 A and AA rules, no sideways
 * scroll at {@value #NARROW} px, whole-page screenshots into {@code target/screenshots/}.
 */
final class BrowserPages {

    static final int NARROW = 320;
    static final int WIDE = 1200;
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    private BrowserPages() {}

    /**
     * The window {@code pixels} CSS pixels wide. Not a phone's emulation: a phone zooms out to show a page that is too
     * wide, which would hide what this is to find.
     */
    static void width(ChromeDriver browser, int pixels) {
        size(browser, pixels, 900);
    }

    private static void size(ChromeDriver browser, int width, long height) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", false));
    }

    /** The whole page, top to bottom, at this width, as {@code target/screenshots/{name}-{pixels}.png}. */
    static void screenshot(ChromeDriver browser, String name, int pixels) throws Exception {
        width(browser, pixels);
        long height = ((Number) browser.executeScript("return document.documentElement.scrollHeight")).longValue();
        size(browser, pixels, Math.min(Math.max(height, 200), 12_000));
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + "-" + pixels + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        width(browser, pixels);
    }

    /** axe-core's WCAG 2.1 A and AA rules on the page as it is: it ran them, and the page breaks none. */
    static void assertNoWcagViolation(ChromeDriver browser, String what) {
        Results results = new AxeBuilder().withTags(WCAG_21_AA).analyze(browser);
        List<String> passed = results.getPasses().stream().map(Rule::getId).toList();
        assertTrue(results.getErrorMessage() == null && passed.containsAll(List.of("document-title", "html-has-lang", "color-contrast")),
                "axe ran its rules on " + what + ": " + results.getErrorMessage() + " " + passed);
        if (!results.getIncomplete().isEmpty()) {
            System.out.println(what + ": axe could not decide " + results.getIncomplete().stream().map(Rule::getId).toList());
        }
        assertTrue(results.getViolations().isEmpty(), what + " (" + browser.getCurrentUrl() + ") breaks WCAG 2.1 AA:\n"
                + report(results.getViolations()));
    }

    /** The page is no wider than the window. */
    static void assertNoSidewaysScroll(ChromeDriver browser, String what) {
        long scrollWidth = ((Number) browser.executeScript("return document.documentElement.scrollWidth")).longValue();
        long innerWidth = ((Number) browser.executeScript("return window.innerWidth")).longValue();
        assertTrue(scrollWidth <= innerWidth, what + " scrolls sideways at " + innerWidth + " px: " + scrollWidth + " > " + innerWidth);
    }

    /** What axe found, a person's reading of it: each rule broken, how badly, and where. */
    private static String report(List<Rule> violations) {
        StringBuilder out = new StringBuilder();
        for (Rule rule : violations) {
            out.append("- ").append(rule.getId()).append(" (").append(rule.getImpact()).append("): ").append(rule.getHelp())
                    .append(" ").append(rule.getHelpUrl()).append('\n');
            for (CheckedNode node : rule.getNodes()) {
                out.append("    ").append(node.getTarget()).append("  ").append(node.getHtml()).append('\n');
                if (node.getFailureSummary() != null) {
                    out.append("      ").append(node.getFailureSummary().replace("\n", "\n      ")).append('\n');
                }
            }
        }
        return out.toString();
    }
}
