package io.github.camelllm.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.Component;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard against a second component claiming the llm scheme (as camel-openai does from Camel 4.23). The second
 * jar is simulated by a class loader that adds one more {@code META-INF/services/org/apache/camel/component/llm}.
 */
class LlmSchemeGuardTest {

    private static final String OTHER = "org.example.OtherLlmComponent";

    @TempDir
    Path dir;

    private URLClassLoader twoClaims;
    private DefaultCamelContext context;

    @BeforeEach
    void createLoader() throws IOException {
        Path descriptor = dir.resolve("META-INF/services/org/apache/camel/component/llm");
        Files.createDirectories(descriptor.getParent());
        Files.writeString(descriptor, "class=" + OTHER + "\n", StandardCharsets.ISO_8859_1);
        twoClaims =
                new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    @AfterEach
    void close() throws IOException {
        if (context != null) {
            context.stop();
        }
        twoClaims.close();
    }

    /** A context that uses the loader from its build on, as an application class loader set up front would. */
    private DefaultCamelContext contextWith(ClassLoader loader) {
        DefaultCamelContext ctx = new DefaultCamelContext(false);
        ctx.setApplicationContextClassLoader(loader);
        ctx.build();
        return ctx;
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

    private static void assertAmbiguity(Throwable e) {
        String all = messages(e);
        assertTrue(all.contains("Two Camel components claim the scheme 'llm'"), all);
        assertTrue(all.contains(OTHER), all);
        assertTrue(all.contains(LlmComponent.class.getName()), all);
        assertTrue(all.contains("context.getRegistry().bind(\"llm\", new LlmComponent())"), all);
    }

    @Test
    void claimsOnTheTestClasspath() {
        Map<String, URL> claims = LlmSchemeGuard.claims(getClass().getClassLoader());
        assertEquals(1, claims.size(), claims.toString());
        assertTrue(claims.containsKey(LlmComponent.class.getName()), claims.toString());
    }

    @Test
    void claimsWithTheSecondDescriptor() throws Exception {
        Map<String, URL> claims = LlmSchemeGuard.claims(twoClaims);
        assertEquals(2, claims.size(), claims.toString());
        assertTrue(claims.containsKey(OTHER), claims.toString());
        assertTrue(Path.of(claims.get(OTHER).toURI()).startsWith(dir), claims.toString());
    }

    @Test
    void pluginIsRegisteredAsContextServicePlugin() throws IOException {
        URL url =
                getClass().getClassLoader().getResource("META-INF/services/org.apache.camel.spi.ContextServicePlugin");
        assertTrue(url != null, "no ContextServicePlugin service file");
        String content = new String(url.openStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(content.contains(LlmSchemeGuard.class.getName()), content);
    }

    @Test
    void ambiguousSchemeFailsWhenTheComponentIsResolved() {
        context = contextWith(twoClaims);
        Exception e = assertThrows(Exception.class, () -> context.getComponent("llm"));
        assertAmbiguity(e);
    }

    @Test
    void ambiguousSchemeFailsWhenAnEndpointIsResolved() {
        context = contextWith(twoClaims);
        Exception e = assertThrows(Exception.class, () -> context.getEndpoint("llm:call"));
        assertAmbiguity(e);
    }

    @Test
    void ambiguousSchemeFailsARouteAtStart() throws Exception {
        context = contextWith(twoClaims);
        String yaml =
                "- route:\n    from:\n      uri: \"direct:a\"\n      steps:\n        - to:\n            uri: \"llm:call?lazyStartProducer=true\"\n";
        Exception e = assertThrows(Exception.class, () -> {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("r.yaml", yaml));
            context.start();
        });
        assertAmbiguity(e);
    }

    @Test
    void loaderSetAfterTheContextWasBuiltIsAlsoChecked() {
        context = new DefaultCamelContext();
        context.setApplicationContextClassLoader(twoClaims);
        Exception e = assertThrows(Exception.class, () -> context.getComponent("llm"));
        assertAmbiguity(e);
    }

    @Test
    void explicitRegistryBeanSettlesIt() {
        context = contextWith(twoClaims);
        LlmComponent mine = new LlmComponent();
        context.getRegistry().bind("llm", mine);
        Component resolved = context.getComponent("llm");
        assertSame(mine, resolved);
        LlmEndpoint endpoint = context.getEndpoint("llm:call?maxTokens=5", LlmEndpoint.class);
        assertSame(mine, endpoint.getComponent());
        assertEquals(5, endpoint.getConfiguration().getMaxTokens());
    }

    /** Adding the component explicitly with addComponent is as explicit as binding it in the registry. */
    @Test
    void explicitlyAddedComponentSettlesIt() {
        context = contextWith(twoClaims);
        LlmComponent mine = new LlmComponent();
        context.addComponent("llm", mine);
        assertSame(mine, context.getComponent("llm"));
    }

    @Test
    void singleClaimResolvesNormally() {
        context = contextWith(getClass().getClassLoader());
        Component resolved = context.getComponent("llm");
        assertInstanceOf(LlmComponent.class, resolved);
        assertInstanceOf(LlmEndpoint.class, context.getEndpoint("llm:chat"));
    }

    @Test
    void defaultContextResolvesNormally() {
        context = new DefaultCamelContext();
        assertInstanceOf(LlmComponent.class, context.getComponent("llm"));
    }

    @Test
    void checkDirectly() {
        context = contextWith(twoClaims);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LlmSchemeGuard.check(context));
        assertAmbiguity(e);
        context.getRegistry().bind("llm", new LlmComponent());
        LlmSchemeGuard.check(context); // settled: no exception
    }
}
