package io.github.camelllm.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** A value outside an enum is rejected by the config system, naming the property. */
class LlmUnknownPullStrategyTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.camel.llm.pull-strategy", "sometimes")
            .assertException(t -> Failures.assertMessage(t, "quarkus.camel.llm.pull-strategy"));

    @Test
    void doesNotStart() {
        fail("the application must not start");
    }
}
