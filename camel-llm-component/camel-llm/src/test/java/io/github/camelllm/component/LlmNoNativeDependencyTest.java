package io.github.camelllm.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.camelllm.spi.LlmInvalidRequestException;

/** camel-llm alone has no native dependency; using the local backend without camel-llm-llamacpp says what to add. */
class LlmNoNativeDependencyTest {

    private CamelContext context;

    @BeforeEach
    void createContext() {
        context = new DefaultCamelContext();
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }

    private static String yamlRoute(String llmUri) {
        return "- route:\n"
                + "    id: r1\n"
                + "    from:\n"
                + "      uri: \"direct:a\"\n"
                + "      steps:\n"
                + "        - to:\n"
                + "            uri: \"" + llmUri + "\"\n";
    }

    private void loadYaml(String yaml) throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("r.yaml", yaml));
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getClass().getName())
                    .append(": ")
                    .append(c.getMessage())
                    .append('\n');
        }
        return sb.toString();
    }

    private static Throwable root(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    @Test
    void llamaCppBindingIsNotOnTheClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("de.kherud.llama.LlamaModel"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("de.kherud.llama.ModelParameters"));
        assertTrue(
                LlmSchemeGuard.class.getClassLoader().getResource("META-INF/services/io/github/camelllm/backend/local")
                        == null,
                "a local backend descriptor is on the test classpath");
    }

    @Test
    void autoBackendWithNothingToUseFailsAtContextStart() throws Exception {
        loadYaml(yamlRoute("llm:call"));
        Exception e = assertThrows(Exception.class, () -> context.start());
        String all = messages(e);
        assertTrue(all.contains("backend=auto found nothing to use"), all);
        assertTrue(all.contains("camel-llm-llamacpp"), all);
        assertInstanceOf(LlmInvalidRequestException.class, root(e), all);
    }

    @Test
    void autoBackendWithAModelPathNeedsTheLocalBackend() throws Exception {
        java.nio.file.Path model = java.nio.file.Files.createTempFile("model", ".gguf");
        model.toFile().deleteOnExit();
        loadYaml(yamlRoute("llm:call?modelPath=" + model));
        Exception e = assertThrows(Exception.class, () -> context.start());
        String all = messages(e);
        assertTrue(all.contains("backend 'local' is not on the classpath"), all);
        assertTrue(all.contains("camel-llm-llamacpp"), all);
        assertInstanceOf(LlmInvalidRequestException.class, root(e), all);
    }

    @Test
    void explicitLocalBackendMissingFailsAtContextStart() throws Exception {
        loadYaml(yamlRoute("llm:chat?backend=local&modelPath=/nowhere/model.gguf"));
        Exception e = assertThrows(Exception.class, () -> context.start());
        String all = messages(e);
        assertTrue(all.contains("backend 'local' is not on the classpath"), all);
        assertTrue(all.contains("camel-llm-llamacpp"), all);
    }

    @Test
    void unknownBackendFailsAtContextStart() throws Exception {
        loadYaml(yamlRoute("llm:call?backend=foo"));
        Exception e = assertThrows(Exception.class, () -> context.start());
        String all = messages(e);
        assertTrue(all.contains("unknown backend 'foo'"), all);
    }

    @Test
    void lazyStartProducerFailsOnTheFirstExchange() throws Exception {
        loadYaml(yamlRoute("llm:call?lazyStartProducer=true&backend=local"));
        context.start();
        assertTrue(context.isStarted());
        assertEquals(1, context.getRoutes().size());
        ProducerTemplate template = context.createProducerTemplate();
        Exchange result = template.request("direct:a", ex -> ex.getMessage().setBody("hello"));
        Exception e = result.getException();
        assertNotNull(e, "the exchange should have failed");
        String all = messages(e);
        assertTrue(all.contains("backend 'local' is not on the classpath"), all);
        assertTrue(all.contains("camel-llm-llamacpp"), all);
        // and again on the next exchange: the failure is not swallowed after the first attempt
        Exchange second = template.request("direct:a", ex -> ex.getMessage().setBody("hello again"));
        assertNotNull(second.getException());
        assertTrue(messages(second.getException()).contains("camel-llm-llamacpp"));
    }

    @Test
    void lazyStartProducerWithUnknownBackend() throws Exception {
        loadYaml(yamlRoute("llm:embed?lazyStartProducer=true&backend=foo"));
        context.start();
        Exchange result = context.createProducerTemplate()
                .request("direct:a", ex -> ex.getMessage().setBody("x"));
        assertNotNull(result.getException());
        assertTrue(messages(result.getException()).contains("unknown backend 'foo'"), messages(result.getException()));
    }
}
