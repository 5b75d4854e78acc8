package io.github.camelllm.examples.webchat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import io.github.camelllm.spi.LlmCallInfo;

/** The page (META-INF/resources/index.html) in headless Chromium, driven by Selenium, against the running application. */
@QuarkusTest
class WebChatBrowserTest {

    private static HeadlessChromium chromium;
    private static String unavailable;

    @TestHTTPResource("/")
    URI root;

    @Inject
    RecordingObserver observer;

    private WebDriver browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        unavailable = HeadlessChromium.unavailable();
        if (unavailable == null) {
            chromium = HeadlessChromium.start();
        }
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void openPage() {
        // per test, so that each skipped test carries the reason in the reports
        assumeTrue(chromium != null, unavailable);
        browser = chromium.driver();
        browser.get(root.toString());
        assertEquals("camel-llm web chat", browser.getTitle());
        assertEquals("idle", answer().getDomAttribute("data-state"));
    }

    private WebElement answer() {
        return browser.findElement(By.id("answer"));
    }

    private void send(String prompt, String maxTokens) {
        WebElement box = browser.findElement(By.id("prompt"));
        box.clear();
        box.sendKeys(prompt);
        WebElement max = browser.findElement(By.id("max-tokens"));
        max.clear();
        max.sendKeys(maxTokens);
        browser.findElement(By.id("send")).click();
    }

    /** Waits until the page leaves {@code streaming} and returns the state it reached. */
    private String awaitEnd() {
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(d -> !"streaming".equals(answer().getDomAttribute("data-state")));
        return answer().getDomAttribute("data-state");
    }

    @Test
    void theAnswerStreamsIntoThePageTokenByToken() throws Exception {
        String prompt = "Tell me a story about a dog.";
        SseStream.Json expected = SseStream.getJson(
                root.resolve("chat?prompt=" + URLEncoder.encode(prompt, StandardCharsets.UTF_8) + "&maxTokens=150"));
        assertEquals(200, expected.status(), expected.body().toString());

        send(prompt, "150");
        String state = awaitEnd();
        // what the page looked like, for a human to check: target/web-chat.png
        Files.write(Path.of("target", "web-chat.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        assertEquals("done", state, browser.findElement(By.id("status")).getText());

        // textContent, not getText(): the answer's exact characters, spaces and newlines included
        assertEquals(expected.body().get("text").asText(), answer().getDomProperty("textContent"));
        int tokenEvents = Integer.parseInt(answer().getDomAttribute("data-token-events"));
        assertTrue(tokenEvents > 1, "token events: " + tokenEvents);
        double firstTokenAt = Double.parseDouble(answer().getDomAttribute("data-first-token-at"));
        double completedAt = Double.parseDouble(answer().getDomAttribute("data-completed-at"));
        assertTrue(
                firstTokenAt < completedAt,
                "the first token was on the page at " + firstTokenAt + " ms, before the done event at " + completedAt
                        + " ms");
        String status = browser.findElement(By.id("status")).getText();
        assertTrue(
                status.startsWith(expected.body().get("outputTokens").asInt() + " tokens (finish reason "
                        + expected.body().get("finishReason").asText() + ")"),
                status);
        assertTrue(browser.findElement(By.id("send")).isEnabled());
    }

    @Test
    void anEmptyMessageShowsTheServersError() {
        send("   ", "");
        assertEquals("error", awaitEnd());
        assertEquals(
                "error: the prompt is empty: type a message",
                browser.findElement(By.id("status")).getText());
        assertEquals("0", answer().getDomAttribute("data-token-events"));
    }

    @Test
    void stopClosesTheStreamAndTheServerCancelsTheGeneration() throws Exception {
        observer.clear();
        send("Once upon a time", "2000");
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> Integer.parseInt(answer().getDomAttribute("data-token-events")) >= 5);
        browser.findElement(By.id("stop")).click();
        assertEquals("stopped", answer().getDomAttribute("data-state"));

        LlmCallInfo generation = observer.awaitStream(Duration.ofSeconds(20));
        assertTrue(generation.failed(), "cancelled, not finished: " + generation);
        assertNull(generation.finishReason(), generation.toString());
        // no event reaches the page after Stop
        int shown = Integer.parseInt(answer().getDomAttribute("data-token-events"));
        Thread.sleep(300);
        assertEquals(shown, Integer.parseInt(answer().getDomAttribute("data-token-events")));
        assertEquals("stopped", answer().getDomAttribute("data-state"));
    }
}
