package io.github.camelllm.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.ServerSocket;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import io.github.camelllm.component.LlmConstants;

/** The circuitBreaker example of docs/backends.md: a dead remote server falls back to the local model. */
class ResilienceExampleTest {

    @Test
    void aDeadRemoteFallsBackToTheLocalModel() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        try (CamelContext context = new DefaultCamelContext()) {
            Properties props = new Properties();
            props.setProperty("remote.url", "http://127.0.0.1:" + port + "/v1");
            context.getPropertiesComponent().setInitialProperties(props);
            PluginHelper.getRoutesLoader(context)
                    .loadRoutes(ResourceHelper.resolveMandatoryResource(context, "classpath:resilience.camel.yaml"));
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            for (int i = 0; i < 3; i++) {
                Exchange ex = template.request("direct:ask", e -> e.getMessage().setBody("Once upon a time"));
                assertNull(ex.getException());
                assertEquals(
                        BackendContract.ONCE_UPON_A_TIME_32, ex.getMessage().getBody(String.class), "answer " + i);
                assertEquals("local", ex.getMessage().getHeader(LlmConstants.BACKEND));
            }
        }
    }
}
