package io.github.camelllm.component;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

import io.github.camelllm.spi.BackendSpec;
import io.github.camelllm.spi.LlmBackendContext;
import io.github.camelllm.spi.LlmOperation;

/**
 * For tests that create backends directly: the runtime of a real, started llm component (one CamelContext for the
 * test JVM), and the {@link BackendSpec} the component would build from a configuration.
 */
public final class TestRuntime {

    private static CamelContext context;

    private TestRuntime() {}

    /** The runtime of a started llm component. */
    public static synchronized LlmBackendContext context() {
        if (context == null) {
            context = new DefaultCamelContext();
            context.start();
        }
        return ((LlmComponent) context.getComponent("llm")).runtime();
    }

    /** The spec of a remote backend, checked as the component checks it. */
    public static BackendSpec spec(String backend, LlmOperation operation, LlmConfiguration c) {
        return new BackendSpec(backend, operation, null, BackendSpecs.remote(c), BackendSpecs.load(c));
    }
}
