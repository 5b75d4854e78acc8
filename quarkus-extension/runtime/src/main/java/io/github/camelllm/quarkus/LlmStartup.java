package io.github.camelllm.quarkus;

import org.apache.camel.CamelContext;
import org.apache.camel.Producer;
import org.apache.camel.support.service.ServiceHelper;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.github.camelllm.component.LlmComponent;
import io.github.camelllm.component.LlmConfiguration;

/**
 * {@code quarkus.camel.llm.load-at-startup}: starts an {@code llm:call} producer with the component-wide settings once
 * the CamelContext runs, so the model is loaded (and shared with the routes using the same load settings) before the
 * first request. The producer is a service of the CamelContext: it stops, and the model is released, when the context
 * stops.
 */
@Singleton
public class LlmStartup {

    private static final Logger LOG = Logger.getLogger(LlmStartup.class);

    void onStart(@Observes StartupEvent event, CamelContext context, LlmRuntimeConfig config, LlmModelStatus status) {
        if (!config.loadAtStartup()) {
            status.notRequested();
            return;
        }
        String what = describe(context);
        status.loading(what);
        long start = System.nanoTime();
        Producer producer = null;
        try {
            producer = context.getEndpoint("llm:call").createProducer();
            ServiceHelper.startService(producer);
            context.addService(producer, true, false);
        } catch (Exception | LinkageError e) {
            ServiceHelper.stopService(producer);
            status.failed(e.getMessage());
            throw new IllegalStateException(
                    "camel-llm could not load " + what + " at startup" + " (quarkus.camel.llm.load-at-startup=true): "
                            + e.getMessage(),
                    e);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        status.ready(millis);
        LOG.infof("camel-llm: %s ready in %d ms", what, millis);
    }

    private static String describe(CamelContext context) {
        LlmConfiguration c = context.getComponent("llm", LlmComponent.class).getConfiguration();
        if (c.getModelPath() != null) {
            return "model " + c.getModelPath();
        }
        if (c.getModel() != null) {
            return "model " + c.getModel();
        }
        return "the default model (backend " + c.getBackend() + ")";
    }
}
