package io.github.camelllm.quarkus.deployment;

import static org.hamcrest.Matchers.is;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusDevModeTest;
import io.restassured.RestAssured;

import io.github.camelllm.quarkus.deployment.devmode.StoryResource;

/**
 * {@code quarkus:dev}: the application restarts (new class loaders) after a Java change and after a configuration
 * change, and llm: keeps working — the native library, loaded once per JVM, survives the restarts.
 */
class LlmDevModeTest {

    @RegisterExtension
    static final QuarkusDevModeTest TEST = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addClass(StoryResource.class)
                    .addAsResource("llm-routes.yaml")
                    .addAsResource(new StringAsset("""
                            camel.main.routes-include-pattern=classpath:llm-routes.yaml
                            quarkus.camel.llm.threads=2
                            camel.component.llm.temperature=0
                            camel.component.llm.max-tokens=8
                            """), "application.properties"));

    private static String story() {
        return RestAssured.given()
                .body("Once upon a time")
                .contentType("text/plain")
                .post("/story")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    @Test
    void editsAreLiveAndTheModelKeepsWorking() {
        String first = story();
        RestAssured.given()
                .body("Once upon a time")
                .contentType("text/plain")
                .post("/story")
                .then()
                .statusCode(200)
                .body(is(first));

        TEST.modifySourceFile(StoryResource.class, s -> s.replace("\"story:\"", "\"tale:\""));
        String afterJavaEdit = story();
        org.junit.jupiter.api.Assertions.assertEquals(first.replaceFirst("^story:", "tale:"), afterJavaEdit);

        TEST.modifyResourceFile("application.properties", s -> s.replace("max-tokens=8", "max-tokens=4"));
        String afterConfigEdit = story();
        org.junit.jupiter.api.Assertions.assertTrue(
                afterConfigEdit.startsWith("tale:") && afterConfigEdit.length() < afterJavaEdit.length(),
                afterConfigEdit + " vs " + afterJavaEdit);
        org.junit.jupiter.api.Assertions.assertTrue(
                afterJavaEdit.startsWith(afterConfigEdit), afterConfigEdit + " vs " + afterJavaEdit);
    }
}
