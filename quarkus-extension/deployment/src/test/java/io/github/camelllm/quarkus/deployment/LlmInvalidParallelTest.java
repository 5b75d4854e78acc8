package io.github.camelllm.quarkus.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** An out-of-range value fails the startup with a message naming the Quarkus property. */
class LlmInvalidParallelTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.camel.llm.parallel", "0")
            .assertException(t -> Failures.assertMessage(
                    t, "quarkus.camel.llm.parallel=0 is out of range: must be between 1 and 64"));

    @Test
    void doesNotStart() {
        fail("the application must not start");
    }
}
