package io.github.camelllm.kamelets;

import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * A CamelContext running YAML route files (routes or Pipes) that use the Kamelets from {@code classpath:kamelets},
 * which is where camel-kamelet looks by default: the Kamelets are found exactly as in a user's application.
 */
final class KameletRoutes implements AutoCloseable {

    final CamelContext context;
    final ProducerTemplate template;

    private KameletRoutes(CamelContext context) {
        this.context = context;
        this.template = context.createProducerTemplate();
    }

    /** A context that is configured (properties, notifiers) but not started yet. */
    static CamelContext newContext(Map<String, String> properties) {
        CamelContext context = new DefaultCamelContext();
        Properties initial = new Properties();
        initial.putAll(properties);
        context.getPropertiesComponent().setInitialProperties(initial);
        return context;
    }

    /** Loads the YAML texts (name, content pairs) into the context and starts it; closes it if the start fails. */
    static KameletRoutes start(CamelContext context, Map<String, String> yamlByName) throws Exception {
        try {
            for (Map.Entry<String, String> e : yamlByName.entrySet()) {
                PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString(e.getKey(), e.getValue()));
            }
            context.start();
        } catch (Exception e) {
            context.close();
            throw e;
        }
        return new KameletRoutes(context);
    }

    static KameletRoutes start(String yaml) throws Exception {
        return start(newContext(Map.of()), Map.of("test-routes.yaml", yaml));
    }

    /** Sends the body and returns the exchange (failed or not). */
    Exchange send(String uri, Object body) {
        return template.request(uri, e -> e.getMessage().setBody(body));
    }

    /** Sends the body with headers and returns the exchange (failed or not). */
    Exchange send(String uri, Object body, Map<String, Object> headers) {
        return template.request(uri, e -> {
            e.getMessage().setBody(body);
            e.getMessage().getHeaders().putAll(headers);
        });
    }

    @Override
    public void close() throws Exception {
        template.close();
        context.close();
    }
}
