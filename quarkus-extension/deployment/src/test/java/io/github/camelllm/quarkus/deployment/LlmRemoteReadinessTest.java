package io.github.camelllm.quarkus.deployment;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.QuarkusUnitTest;
import io.restassured.RestAssured;

/**
 * The readiness check follows a remote backend: UP while the OpenAI-compatible server answers GET /v1/models, DOWN
 * with the URL and the reason once it is gone.
 */
class LlmRemoteReadinessTest {

    /*
     * QuarkusUnitTest loads this class twice (JUnit's class loader builds the configuration, Quarkus' runs the test):
     * the server and its counter are kept in the system properties so that both see the same ones.
     */
    private static final String SERVER_KEY = LlmRemoteReadinessTest.class.getName() + ".server";
    private static final String COUNT_KEY = LlmRemoteReadinessTest.class.getName() + ".modelLists";
    static final HttpServer SERVER = server();
    static final AtomicInteger MODEL_LISTS =
            (AtomicInteger) System.getProperties().get(COUNT_KEY);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.camel.llm.backend", "openai")
            .overrideConfigKey("quarkus.camel.llm.model", "tiny")
            .overrideConfigKey("camel.component.llm.base-url", baseUrl())
            .overrideConfigKey("camel.component.llm.health-check-cache-time", "0")
            .overrideConfigKey("camel.component.llm.health-check-timeout", "1000");

    private static synchronized HttpServer server() {
        Object existing = System.getProperties().get(SERVER_KEY);
        if (existing != null) {
            return (HttpServer) existing;
        }
        AtomicInteger modelLists = new AtomicInteger();
        System.getProperties().put(COUNT_KEY, modelLists);
        HttpServer server = start(modelLists);
        System.getProperties().put(SERVER_KEY, server);
        return server;
    }

    private static HttpServer start(AtomicInteger modelLists) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/v1/models", exchange -> {
                modelLists.incrementAndGet();
                byte[] body = "{\"object\":\"list\",\"data\":[{\"id\":\"tiny\",\"object\":\"model\"}]}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String baseUrl() {
        return "http://127.0.0.1:" + SERVER.getAddress().getPort() + "/v1";
    }

    @AfterAll
    static void stop() {
        SERVER.stop(0);
        System.getProperties().remove(SERVER_KEY);
        System.getProperties().remove(COUNT_KEY);
    }

    @Test
    void upWhileTheServerAnswersDownWhenItIsGone() {
        int before = MODEL_LISTS.get();
        RestAssured.when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'camel-llm' }.status", is("UP"))
                .body(
                        "checks.find { it.name == 'camel-llm' }.data.'llm://call'",
                        containsString("UP openai " + baseUrl()));
        org.junit.jupiter.api.Assertions.assertTrue(MODEL_LISTS.get() > before, "the check asked the server");

        SERVER.stop(0);
        RestAssured.when()
                .get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'camel-llm' }.status", is("DOWN"))
                .body(
                        "checks.find { it.name == 'camel-llm' }.data.'llm://call'",
                        containsString("DOWN openai " + baseUrl() + ": the openai server at " + baseUrl()
                                + " is unreachable"));
    }
}
