package io.github.camelllm.examples.webchat;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and ChromeDriver ({@code apt-get install chromium chromium-driver}), started headless with the
 * flags this sandbox needs. Both paths are given to Selenium, so Selenium Manager never looks for (or downloads) a
 * browser or driver. Without them the tests are skipped, unless {@code CAMEL_LLM_REQUIRE_BROWSER=1}, then they fail.
 */
final class HeadlessChromium implements AutoCloseable {

    static final String REQUIRE_ENV = "CAMEL_LLM_REQUIRE_BROWSER";

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    private static Path chromium() {
        return Path.of(System.getProperty("webchat.chromium", "/usr/bin/chromium"));
    }

    private static Path chromedriver() {
        return Path.of(System.getProperty("webchat.chromedriver", "/usr/bin/chromedriver"));
    }

    /**
     * Why the browser tests cannot run here, or null when they can. Fails when {@code CAMEL_LLM_REQUIRE_BROWSER=1}
     * and something is missing.
     */
    static String unavailable() {
        List<String> missing = new ArrayList<>();
        for (Path p : List.of(chromium(), chromedriver())) {
            if (!Files.isExecutable(p)) {
                missing.add(p.toString());
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        String message = "headless Chromium is not available: " + String.join(" and ", missing)
                + " missing (Debian: apt-get install chromium chromium-driver)";
        if ("1".equals(System.getenv(REQUIRE_ENV))) {
            fail(message + "; " + REQUIRE_ENV + "=1 requires the browser tests to run");
        }
        return message + "; browser test skipped (set " + REQUIRE_ENV + "=1 to make this a failure)";
    }

    /** Starts Chromium; call only when {@link #unavailable()} is null. */
    static HeadlessChromium start() throws IOException {
        Path chromium = chromium();
        Path chromedriver = chromedriver();
        Path profile = Files.createTempDirectory("webchat-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--window-size=1200,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
            return new HeadlessChromium(driver, profile);
        } catch (RuntimeException e) {
            delete(profile);
            throw e;
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            delete(profile);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the Chromium profile " + dir, e);
        }
    }
}
