package dev.deeppredictor.e2e.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.deeppredictor.e2e.FashionFixtures;
import dev.deeppredictor.e2e.ServiceProcess;
import dev.deeppredictor.infra.test.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web pages in a real browser against the packaged services, real servers and real models:
 * what a person uploading a photo sees, on a desktop and on a phone-sized screen.
 */
class BrowserTests {

    private static final String KEY = "local-dev-key";

    private static final Path PHOTOS = Path.of("/usr/lib/python3/dist-packages/skimage/data");

    private static final List<ServiceProcess> services = new ArrayList<>();

    private static Path repo;

    private static String baseUrl;

    private static Browser browser;

    @BeforeAll
    static void start() {
        repo = Path.of(System.getProperty("deep-predictor.root", "../..")).toAbsolutePath().normalize();
        Map<String, String> environment = new HashMap<>(TestServers.shared().environment("e2e_browser"));
        environment.put("DEEP_PREDICTOR_CONFIG_DIR", repo.resolve("config").toString());
        // Small enough that one test photo is over it: the page must refuse it before uploading.
        environment.put("DEEP_PREDICTOR_UPLOAD_MAX_SIZE", "600KB");
        Map<String, String> predictor = new HashMap<>(environment);
        predictor.put("DEEP_PREDICTOR_WORKER_ID", "browser-predictor");
        predictor.put("TENSORFLOW_LIBRARY_PATH", repo.resolve("predictor-service/target/tensorflow-native").toString());
        services.add(ServiceProcess.start(repo, "predictor-service", "browser-predictor", predictor));
        ServiceProcess api = ServiceProcess.start(repo, "api-service", "browser-api-service", environment);
        services.add(api);
        baseUrl = api.baseUrl();
        browser = Browser.start(repo.resolve("infra/e2e-tests/target/screenshots"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @CsvSource({ "desktop, 1280, 900", "phone, 390, 844" })
    void aCatPhotoGetsABoxLabelledCat(String screen, int width, int height) {
        browser.resize(width, height);
        upload("common-objects", PHOTOS.resolve("chelsea.png"), "cat-" + screen);
        browser.awaitResultState("done");
        browser.screenshot("cat-" + screen + "-result");

        WebElement box = browser.find(".picture .box[data-class-name='cat']");
        assertThat(box.getText()).startsWith("cat ").endsWith("%");
        Rectangle boxArea = box.getRect();
        Rectangle picture = browser.find("#picture-image").getRect();
        // The cat fills most of the photo: its box must be a large part of the drawn picture.
        assertThat(boxArea.getWidth()).isGreaterThan(picture.getWidth() / 3);
        assertThat(boxArea.getHeight()).isGreaterThan(picture.getHeight() / 3);
        assertThat(boxArea.getX()).isGreaterThanOrEqualTo(picture.getX());
        assertThat(boxArea.getX() + boxArea.getWidth()).isLessThanOrEqualTo(picture.getX() + picture.getWidth() + 1);
        assertThat(browser.find("#detections").getText()).contains("cat");
        assertThat(browser.find("#fact-backend").getText()).containsIgnoringCase("tensorflow");
        assertThat(browser.scrollsSideways()).as("result page scrolls sideways at %dx%d", width, height).isFalse();
    }

    @Test
    void aFashionItemGetsBarsWithItsTrueClassOnTop() throws IOException {
        browser.resize(1280, 900);
        FashionFixtures.Sample sample = FashionFixtures.all().get(0);
        Path file = repo.resolve("infra/e2e-tests/target/browser-uploads").resolve(sample.file());
        Files.createDirectories(file.getParent());
        Files.write(file, sample.png());

        upload("fashion", file, "fashion");
        browser.awaitResultState("done");
        browser.screenshot("fashion-result");

        List<WebElement> bars = browser.driver().findElements(By.cssSelector("#classes li.class"));
        assertThat(bars).isNotEmpty();
        assertThat(bars.get(0).getDomAttribute("data-class-name")).isEqualTo(sample.labelName());
        assertThat(bars.get(0).findElement(By.cssSelector(".bar span")).getRect().getWidth())
            .as("the top class's bar is drawn")
            .isPositive();
        assertThat(browser.find("#classes-card").getText()).contains(sample.labelName());
    }

    @Test
    void theResultPageFetchesTheImageFromTheApiInAFreshTab() {
        browser.resize(1280, 900);
        upload("common-objects", PHOTOS.resolve("coffee.png"), "coffee");
        browser.awaitResultState("done");
        String resultUrl = browser.driver().getCurrentUrl();
        String uploadTab = browser.driver().getWindowHandle();

        // A new tab has no session storage: the page must fall back to the stored image.
        browser.driver().switchTo().newWindow(WindowType.TAB);
        try {
            browser.open(resultUrl);
            browser.awaitResultState("done");
            WebElement image = browser.find("#picture-image");
            assertThat(image.getDomAttribute("src")).endsWith("/image");
            assertThat(browser.script("return arguments[0].complete && arguments[0].naturalWidth;", image))
                .isEqualTo(600L);
            assertThat(browser.find("#detections").getText()).contains("cup");
            browser.screenshot("coffee-result-fresh-tab");
        }
        finally {
            browser.driver().close();
            browser.driver().switchTo().window(uploadTab);
        }
    }

    @Test
    void aWrongApiKeyIsExplainedOnTheUploadPage() {
        browser.resize(390, 844);
        browser.open(baseUrl + "/");
        browser.awaitElement("body[data-ready='true']");
        fill("wrong-key", "fashion", PHOTOS.resolve("coffee.png"));
        browser.find("#submit").click();
        WebElement problem = browser.awaitElement("#problem:not([hidden])");
        assertThat(problem.getText()).containsIgnoringCase("api key");
        assertThat(browser.driver().getCurrentUrl()).isEqualTo(baseUrl + "/");
        browser.screenshot("upload-refused-phone");
    }

    @Test
    void aPhotoOverTheSizeLimitIsRefusedBeforeUploading() {
        browser.resize(390, 844);
        browser.open(baseUrl + "/");
        browser.awaitElement("body[data-ready='true']");
        assertThat(browser.find("#image-hint").getText()).contains("600 KB");
        browser.find("#image").sendKeys(PHOTOS.resolve("astronaut.png").toString());
        WebElement problem = browser.awaitElement("#problem:not([hidden])");
        assertThat(problem.getText()).contains("Image too large").contains("astronaut.png").contains("600 KB");
        assertThat(browser.find("#preview").isDisplayed()).isFalse();
        assertThat(browser.find("#submit").isEnabled()).isFalse();
        browser.screenshot("too-large-phone");
    }

    @Test
    void anUnknownIdAndAMissingPageAreExplained() {
        browser.resize(390, 844);
        browser.open(baseUrl + "/result.html?id=NoSuchIdNoSuchIdNoSuchIdNoSuchId");
        browser.awaitResultState("unknown");
        assertThat(browser.find("#problem").getText()).contains("Unknown prediction id");
        browser.screenshot("unknown-id-phone");

        browser.open(baseUrl + "/no-such-page");
        assertThat(browser.find("h1").getText()).isEqualTo("404 – Page not found");
        assertThat(browser.scrollsSideways()).isFalse();
        browser.screenshot("not-found-phone");
    }

    /** Fills the upload page as a person would and submits it; the result page opens. */
    private static void upload(String model, Path image, String screenshot) {
        browser.open(baseUrl + "/");
        browser.awaitElement("body[data-ready='true']");
        fill(KEY, model, image);
        assertThat(browser.find("#preview").isDisplayed()).isTrue();
        assertThat(browser.scrollsSideways()).as("upload page scrolls sideways").isFalse();
        browser.screenshot(screenshot + "-upload");
        browser.find("#submit").click();
        browser.awaitUrlContaining("/result.html?id=");
    }

    private static void fill(String key, String model, Path image) {
        WebElement apiKey = browser.find("#api-key");
        apiKey.clear();
        apiKey.sendKeys(key);
        browser.find("#model option[value='" + model + "']").click();
        browser.find("#image").sendKeys(image.toString());
        browser.awaitElement("#preview:not([hidden])");
    }

}
