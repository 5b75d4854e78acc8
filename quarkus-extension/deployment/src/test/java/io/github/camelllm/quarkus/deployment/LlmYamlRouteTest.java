package io.github.camelllm.quarkus.deployment;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;

import io.github.camelllm.component.LlmComponent;
import io.github.camelllm.component.LlmConfiguration;
import io.github.camelllm.quarkus.LlmModelStatus;

/** The extension boots with a YAML route; llm:call runs the bundled model; the readiness check is UP once loaded. */
class LlmYamlRouteTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addAsResource("llm-routes.yaml"))
            .overrideConfigKey("camel.main.routes-include-pattern", "classpath:llm-routes.yaml")
            .overrideConfigKey("quarkus.camel.llm.threads", "2")
            // camel.component.llm.* binds on top of quarkus.camel.llm.*
            .overrideConfigKey("camel.component.llm.max-tokens", "32")
            .overrideConfigKey("camel.component.llm.temperature", "0");

    @Inject
    CamelContext context;

    @Inject
    ProducerTemplate template;

    @Inject
    LlmModelStatus status;

    @Test
    void callOnTheBundledModel() {
        String out = template.requestBody("direct:story", "Once upon a time", String.class);
        assertEquals(
                ", there was a little girl named Lily. She loved to play outside in the park. One day, she saw", out);
    }

    @Test
    void componentIsTheConfiguredOne() {
        LlmComponent component = assertInstanceOf(LlmComponent.class, context.getComponent("llm"));
        assertEquals(component, context.getRegistry().lookupByName("llm"));
        LlmConfiguration c = component.getConfiguration();
        assertEquals(2, c.getThreads());
        assertEquals(32, c.getMaxTokens());
        assertEquals(0f, c.getTemperature());
        assertEquals("auto", c.getBackend());
        assertEquals(LlmModelStatus.State.READY, status.state());
    }

    @Test
    void readinessIsUp() {
        RestAssured.when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem("camel-llm"));
    }
}
