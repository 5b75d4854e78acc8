package io.github.camelllm.llamacpp;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/** Runs YAML routes given as text in a fresh CamelContext, the way a user's routes run. */
final class YamlRouteTestSupport implements AutoCloseable {

    final CamelContext context;
    final ProducerTemplate template;

    private YamlRouteTestSupport(CamelContext context) {
        this.context = context;
        this.template = context.createProducerTemplate();
    }

    static YamlRouteTestSupport start(String yaml) throws Exception {
        return start(yaml, c -> {});
    }

    /** Starts the routes after {@code setup} prepared the context (registry beans, health-check settings, ...). */
    static YamlRouteTestSupport start(String yaml, java.util.function.Consumer<CamelContext> setup) throws Exception {
        CamelContext context = new DefaultCamelContext();
        try {
            setup.accept(context);
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("test-routes.yaml", yaml));
            context.start();
        } catch (Exception e) {
            context.close();
            throw e;
        }
        return new YamlRouteTestSupport(context);
    }

    @Override
    public void close() throws Exception {
        template.close();
        context.close();
    }
}
