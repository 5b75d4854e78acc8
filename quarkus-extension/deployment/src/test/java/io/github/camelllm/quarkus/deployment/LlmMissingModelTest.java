package io.github.camelllm.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** load-at-startup: a model that cannot be loaded fails the startup instead of the first request. */
class LlmMissingModelTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.camel.llm.backend", "local")
            .overrideConfigKey("quarkus.camel.llm.model-path", "target/no-such-model.gguf")
            .assertException(t ->
                    Failures.assertMessage(t, "camel-llm could not load model target/no-such-model.gguf at startup"));

    @Test
    void doesNotStart() {
        fail("the application must not start");
    }
}
