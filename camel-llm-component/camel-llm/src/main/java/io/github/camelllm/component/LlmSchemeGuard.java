package io.github.camelllm.component;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.ContextServicePlugin;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Fails fast when another component also claims the {@code llm} scheme (Camel's camel-openai declares {@code llm} as
 * an alias from Camel 4.23), because Camel would then pick one of them by classpath order. Registering this
 * component explicitly as a bean named {@code llm} settles it. Loaded by Camel through
 * {@code META-INF/services/org.apache.camel.spi.ContextServicePlugin}.
 */
public class LlmSchemeGuard implements ContextServicePlugin {

    static final String DESCRIPTOR = "META-INF/services/org/apache/camel/component/llm";

    @Override
    public void load(CamelContext context) {
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onComponentAdd(String name, Component component) {
                // hasComponent is non-null only when the component was added explicitly (addComponent), in which case
                // the user already chose; it is null while Camel creates the component from the classpath
                if ("llm".equals(name) && context.hasComponent(name) == null) {
                    check(context);
                }
            }
        });
    }

    /** Throws when the scheme is ambiguous and no component was registered explicitly under the name llm. */
    static void check(CamelContext context) {
        Map<String, URL> claims = claims(classLoader(context));
        List<String> others = new ArrayList<>();
        claims.forEach((type, url) -> {
            if (!LlmComponent.class.getName().equals(type)) {
                others.add(type + " (from " + url + ")");
            }
        });
        if (others.isEmpty() || context.getRegistry().lookupByName("llm") != null) {
            return;
        }
        throw new IllegalStateException("Two Camel components claim the scheme 'llm': " + LlmComponent.class.getName()
                + " (camel-llm) and " + String.join(", ", others) + ". Camel would pick one by classpath order."
                + " Register camel-llm explicitly as a bean named 'llm' — YAML: '- beans: [{name: llm, type: "
                + LlmComponent.class.getName() + "}]', properties: 'camel.beans.llm = #class:"
                + LlmComponent.class.getName()
                + "', Java: context.getRegistry().bind(\"llm\", new LlmComponent()) — or remove the other component's jar."
                + " See docs/troubleshooting.md.");
    }

    static Map<String, URL> claims(ClassLoader loader) {
        Map<String, URL> claims = new LinkedHashMap<>();
        try {
            Enumeration<URL> urls = loader.getResources(DESCRIPTOR);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                Properties p = new Properties();
                try (InputStream in = url.openStream()) {
                    p.load(in);
                }
                String type = p.getProperty("class");
                if (type != null) {
                    claims.putIfAbsent(type.trim(), url);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DESCRIPTOR + " from the classpath: " + e.getMessage(), e);
        }
        return claims;
    }

    private static ClassLoader classLoader(CamelContext context) {
        ClassLoader cl = context.getApplicationContextClassLoader();
        return cl != null ? cl : LlmSchemeGuard.class.getClassLoader();
    }
}
