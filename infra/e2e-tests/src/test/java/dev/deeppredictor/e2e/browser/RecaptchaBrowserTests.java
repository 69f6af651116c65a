package dev.deeppredictor.e2e.browser;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.deeppredictor.e2e.ServiceProcess;
import dev.deeppredictor.infra.test.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upload page with reCAPTCHA on, in headless Chromium: the widget script and the verify URL
 * are served by a local stand-in that speaks both protocols (the explicit-render widget API and the
 * siteverify form POST), so no outside host is reached. A page submitted without ticking the box
 * is stopped by the page itself; once ticked, the API verifies the token and the upload goes through.
 */
class RecaptchaBrowserTests {

    private static final String SECRET = "browser-stand-in-secret";

    private static final String TOKEN = "token-the-stand-in-widget-gives";

    private static final Path PHOTO = Path.of("/usr/lib/python3/dist-packages/skimage/data/coffee.png");

    private static HttpServer standIn;

    private static ServiceProcess api;

    private static Browser browser;

    private static volatile int verifications;

    @BeforeAll
    static void start() throws IOException {
        Path repo = Path.of(System.getProperty("deep-predictor.root", "../..")).toAbsolutePath().normalize();
        standIn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        standIn.createContext("/recaptcha/api.js", RecaptchaBrowserTests::widget);
        standIn.createContext("/recaptcha/api/siteverify", RecaptchaBrowserTests::verify);
        standIn.start();
        String standInUrl = "http://127.0.0.1:" + standIn.getAddress().getPort();
        Map<String, String> environment = new HashMap<>(TestServers.shared().environment("e2e_recaptcha"));
        environment.put("DEEP_PREDICTOR_CONFIG_DIR", repo.resolve("config").toString());
        environment.put("DEEP_PREDICTOR_RECAPTCHA_SITE_KEY", "browser-stand-in-site-key");
        environment.put("DEEP_PREDICTOR_RECAPTCHA_SECRET", SECRET);
        environment.put("DEEP_PREDICTOR_RECAPTCHA_SCRIPT_URL", standInUrl + "/recaptcha/api.js");
        environment.put("DEEP_PREDICTOR_RECAPTCHA_VERIFY_URL", standInUrl + "/recaptcha/api/siteverify");
        api = ServiceProcess.start(repo, "api-service", "recaptcha-api-service", environment);
        browser = Browser.start(repo.resolve("infra/e2e-tests/target/screenshots"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (api != null) {
            api.close();
        }
        if (standIn != null) {
            standIn.stop(0);
        }
    }

    @Test
    void aTickedWidgetLetsTheUploadThroughAndAnUntickedOneIsRefused() {
        browser.open(api.baseUrl() + "/");
        browser.awaitElement("body[data-ready='true']");
        browser.awaitElement("#stand-in-captcha");
        assertThat(browser.find("#api-key").isDisplayed()).as("api key field when reCAPTCHA is on").isFalse();
        browser.find("#model option[value='common-objects']").click();
        browser.find("#image").sendKeys(PHOTO.toString());
        browser.awaitElement("#preview:not([hidden])");

        browser.find("#submit").click();
        browser.awaitElement("#problem:not([hidden])");
        assertThat(browser.find("#problem-title").getText()).isEqualTo("Confirm you are not a robot");
        assertThat(verifications).as("nothing sent without a token").isZero();
        browser.screenshot("recaptcha-unticked");

        browser.find("#stand-in-captcha").click();
        browser.find("#submit").click();
        browser.awaitUrlContaining("/result.html?id=");
        assertThat(verifications).as("the token was verified by the API").isEqualTo(1);
        browser.screenshot("recaptcha-ticked");
    }

    /** The widget: one checkbox; getResponse gives the token once it is ticked. */
    private static void widget(HttpExchange exchange) throws IOException {
        String onload = query(exchange.getRequestURI().getRawQuery()).getOrDefault("onload", "");
        String script = """
                window.grecaptcha = {
                  render: function (id, options) {
                    var box = document.createElement('input');
                    box.type = 'checkbox';
                    box.id = 'stand-in-captcha';
                    box.setAttribute('aria-label', 'I am not a robot (' + options.sitekey + ')');
                    document.getElementById(id).appendChild(box);
                    return 0;
                  },
                  getResponse: function () {
                    return document.getElementById('stand-in-captcha').checked ? '%s' : '';
                  },
                  reset: function () { document.getElementById('stand-in-captcha').checked = false; }
                };
                if (window['%s']) { window['%s'](); }
                """.formatted(TOKEN, onload, onload);
        respond(exchange, "application/javascript", script);
    }

    private static void verify(HttpExchange exchange) throws IOException {
        Map<String, String> form = query(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        verifications++;
        boolean valid = SECRET.equals(form.get("secret")) && TOKEN.equals(form.get("response"));
        respond(exchange, "application/json", valid ? "{\"success\": true}"
                : "{\"success\": false, \"error-codes\": [\"missing-input-response\"]}");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static void respond(HttpExchange exchange, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

}
