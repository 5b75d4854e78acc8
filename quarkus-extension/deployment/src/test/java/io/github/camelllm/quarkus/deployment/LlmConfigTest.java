package io.github.camelllm.quarkus.deployment;

import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.FactoryFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;

import io.github.camelllm.component.LlmComponent;
import io.github.camelllm.component.LlmConfiguration;
import io.github.camelllm.quarkus.LlmModelStatus;
import io.github.camelllm.spi.LlmBackendFactory;

/** Every quarkus.camel.llm.* property reaches the component; with load-at-startup=false nothing is loaded. */
class LlmConfigTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.camel.llm.load-at-startup", "false")
            .overrideConfigKey("quarkus.camel.llm.backend", "local")
            .overrideConfigKey("quarkus.camel.llm.model", "qwen2.5-0.5b")
            .overrideConfigKey("quarkus.camel.llm.model-path", "/models/missing.gguf")
            .overrideConfigKey("quarkus.camel.llm.models-dir", "/models")
            .overrideConfigKey("quarkus.camel.llm.pull-strategy", "when-missing")
            .overrideConfigKey("quarkus.camel.llm.threads", "3")
            .overrideConfigKey("quarkus.camel.llm.gpu-layers", "-1")
            .overrideConfigKey("quarkus.camel.llm.parallel", "4");

    @Inject
    CamelContext context;

    @Inject
    LlmModelStatus status;

    @Test
    void propertiesReachTheComponent() {
        LlmConfiguration c = context.getComponent("llm", LlmComponent.class).getConfiguration();
        assertEquals("local", c.getBackend());
        assertEquals("qwen2.5-0.5b", c.getModel());
        assertEquals("/models/missing.gguf", c.getModelPath());
        assertEquals("/models", c.getModelsDir());
        assertEquals("whenMissing", c.getPullStrategy());
        assertEquals(3, c.getThreads());
        assertEquals(-1, c.getGpuLayers());
        assertEquals(4, c.getParallel());
    }

    @Test
    void backendsAreDiscovered() {
        FactoryFinder finder =
                context.getCamelContextExtension().getBootstrapFactoryFinder(LlmBackendFactory.RESOURCE_PATH);
        for (String backend : new String[] {"local", "openai", "ollama"}) {
            assertTrue(finder.findClass(backend).isPresent(), backend);
        }
    }

    @Test
    void nothingLoadedAndReady() {
        assertEquals(LlmModelStatus.State.NOT_REQUESTED, status.state());
        RestAssured.when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
    }
}
