package io.github.camelllm.contract;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/** YAML routes given as text, started in their own CamelContext. */
final class Routes implements AutoCloseable {

    final CamelContext context;
    final ProducerTemplate template;

    private Routes(CamelContext context) {
        this.context = context;
        this.template = context.createProducerTemplate();
    }

    static Routes start(String yaml) throws Exception {
        CamelContext context = new DefaultCamelContext();
        try {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("contract.yaml", yaml));
            context.start();
        } catch (Exception e) {
            context.close();
            throw e;
        }
        return new Routes(context);
    }

    @Override
    public void close() throws Exception {
        template.close();
        context.close();
    }
}
