package dev.deeppredictor.e2e.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Headless Chromium from Debian's chromium and chromium-driver packages, driven by Selenium, with
 * the waits and screenshots the page tests need.
 */
final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(120);

    private final ChromeDriver driver;

    private final Path screenshots;

    private Browser(ChromeDriver driver, Path screenshots) {
        this.driver = driver;
        this.screenshots = screenshots;
    }

    static Browser start(Path screenshots) {
        assertThat(CHROMIUM).as("chromium missing: apt-get install -y chromium chromium-driver (infra/test.sh does)")
            .isExecutable();
        assertThat(CHROMEDRIVER).as("chromedriver missing: apt-get install -y chromium-driver").isExecutable();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: Chromium refuses to start as root with its sandbox on; the rest keeps it
        // from calling out to the network on its own.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Browser(driver, screenshots);
    }

    WebDriver driver() {
        return this.driver;
    }

    /** Sets the window size; the pages' layout follows the viewport. */
    void resize(int width, int height) {
        this.driver.manage().window().setSize(new Dimension(width, height));
    }

    void open(String url) {
        this.driver.get(url);
    }

    WebElement find(String css) {
        return this.driver.findElement(By.cssSelector(css));
    }

    /** Waits until the element is there, e.g. a flag the page script sets when it is ready. */
    WebElement awaitElement(String css) {
        await(css).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
            .until(() -> !this.driver.findElements(By.cssSelector(css)).isEmpty());
        return find(css);
    }

    void awaitUrlContaining(String part) {
        await("address with " + part).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
            .until(() -> this.driver.getCurrentUrl().contains(part));
    }

    /**
     * Waits until the result page ends (its body gets a data-state), then checks it ended as
     * expected; otherwise fails with what the page shows.
     */
    void awaitResultState(String expected) {
        await("result page ends").atMost(RESULT_TIMEOUT).pollInterval(Duration.ofMillis(250))
            .until(() -> find("body").getDomAttribute("data-state") != null);
        String state = find("body").getDomAttribute("data-state");
        assertThat(state).as("result page state; it shows: %s", find("main").getText()).isEqualTo(expected);
    }

    /** Whether the page is wider than the window, i.e. needs sideways scrolling. */
    boolean scrollsSideways() {
        Object overflow = ((JavascriptExecutor) this.driver)
            .executeScript("return document.documentElement.scrollWidth > window.innerWidth;");
        return Boolean.TRUE.equals(overflow);
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) this.driver).executeScript(script, args);
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(this.screenshots);
            Files.write(this.screenshots.resolve(name + ".png"), this.driver.getScreenshotAs(OutputType.BYTES));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() {
        this.driver.quit();
    }

}
