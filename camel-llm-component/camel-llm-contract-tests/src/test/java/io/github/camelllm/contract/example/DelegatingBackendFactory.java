package io.github.camelllm.contract.example;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;

import io.github.camelllm.spi.BackendSpec;
import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmBackendContext;
import io.github.camelllm.spi.LlmBackendFactory;
import io.github.camelllm.spi.LlmModelException;

/**
 * A third-party backend written against the SPI alone (it imports nothing but {@code io.github.camelllm.spi} and the
 * JDK), registered as {@code backend=spi-example} in {@code META-INF/services/io/github/camelllm/backend/spi-example}.
 * It runs the model file the component resolved for it through whichever backend factory is registered as
 * {@code local}, found the way the component finds factories, and counts what it serves: the shape of a metering or
 * auditing backend. docs/development.md walks through it; the contract suite runs it like the built-in backends.
 */
public class DelegatingBackendFactory implements LlmBackendFactory {

    @Override
    public LlmBackend create(BackendSpec spec, LlmBackendContext context) {
        LlmBackendFactory local = factory("local");
        BackendSpec delegated =
                new BackendSpec("local", spec.operation(), spec.modelFile(), spec.remote(), spec.load());
        return new DelegatingBackend(local.create(delegated, context));
    }

    /** Like the delegate, this backend runs a model file: the component resolves it from the model options. */
    @Override
    public boolean usesModelFile() {
        return true;
    }

    @Override
    public Path defaultModelFile() {
        return factory("local").defaultModelFile();
    }

    private static LlmBackendFactory factory(String name) {
        String resource = RESOURCE_PATH + name;
        try (InputStream in = DelegatingBackendFactory.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new LlmModelException("no backend '" + name + "' on the classpath (" + resource + ")");
            }
            Properties p = new Properties();
            p.load(in);
            return (LlmBackendFactory) Class.forName(p.getProperty("class"))
                    .getDeclaredConstructor()
                    .newInstance();
        } catch (IOException | ReflectiveOperationException e) {
            throw new LlmModelException("cannot create backend '" + name + "': " + e.getMessage(), e);
        }
    }
}
