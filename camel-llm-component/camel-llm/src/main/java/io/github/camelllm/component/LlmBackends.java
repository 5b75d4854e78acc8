package io.github.camelllm.component;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.FactoryFinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelllm.models.ModelResolver;
import io.github.camelllm.remote.ModelSpec;
import io.github.camelllm.spi.LocalModelLocator;
import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmBackendFactory;

/**
 * Picks the backend of an endpoint from the {@code backend} option and the {@code model} spec, and creates it.
 * The rules of {@code auto} are in {@link #choose}.
 */
final class LlmBackends {

    private static final Logger LOG = LoggerFactory.getLogger(LlmBackends.class);

    /** The decision, with the configuration the backend gets and a sentence saying why. */
    record Choice(String backend, LlmConfiguration configuration, String reason) {
    }

    private LlmBackends() {
    }

    /** Which backend an endpoint with this configuration uses, with the classpath of the context. */
    static Choice choose(CamelContext context, LlmConfiguration configuration) {
        FactoryFinder finder = finder(context);
        return choose(configuration, name -> finder.findClass(name).isPresent());
    }

    static LlmBackend create(CamelContext context, Choice choice, LlmOperation operation) {
        LOG.info("llm:{} uses the {} backend: {}", operation, choice.backend(), choice.reason());
        Optional<LlmBackendFactory> factory = finder(context).newInstance(choice.backend(), LlmBackendFactory.class);
        if (factory.isEmpty()) {
            throw new LlmInvalidRequestException("backend '" + choice.backend() + "' is not on the classpath: add the dependency "
                    + ("local".equals(choice.backend())
                            ? "io.github.camel-llm:camel-llm-llamacpp (it brings the llama.cpp native library)"
                            : "io.github.camel-llm:camel-llm"));
        }
        return factory.get().create(context, choice.configuration(), operation);
    }

    private static FactoryFinder finder(CamelContext context) {
        return context.getCamelContextExtension().getBootstrapFactoryFinder(LlmBackendFactory.RESOURCE_PATH);
    }

    interface Availability {
        boolean present(String backend);
    }

    /**
     * <ul>
     * <li>{@code local}, {@code openai}, {@code ollama}: that backend, never another one.</li>
     * <li>{@code model: name@backend}: that backend (an explicit {@code backend} must agree).</li>
     * <li>{@code auto}: local when a local model file resolves (modelPath, CAMEL_LLM_MODEL_PATH, $APPDIR/usr/share/models,
     * the models directory) or a catalog model will be pulled; otherwise the remote backend when {@code baseUrl} or a
     * non-catalog {@code model} is set; otherwise local (the bundled demo model) when camel-llm-llamacpp is present.</li>
     * </ul>
     */
    static Choice choose(LlmConfiguration c, Availability availability) {
        String backend = c.getBackend() == null || c.getBackend().isBlank() ? "auto" : c.getBackend().trim().toLowerCase(Locale.ROOT);
        if (!backend.equals("auto") && !ModelSpec.BACKENDS.contains(backend)) {
            throw new LlmInvalidRequestException("unknown backend '" + c.getBackend() + "': expected auto, local, openai or ollama");
        }
        ModelSpec spec = ModelSpec.parse(c.getModel());
        if (spec.backend() != null) {
            if (!backend.equals("auto") && !backend.equals(spec.backend())) {
                throw new LlmInvalidRequestException("option model '" + c.getModel() + "' asks for the " + spec.backend()
                        + " backend but option backend is " + backend);
            }
            return new Choice(spec.backend(), c, "model spec '" + c.getModel() + "'");
        }
        if (!backend.equals("auto")) {
            return new Choice(backend, c, "backend=" + backend);
        }
        Optional<ModelResolver.Resolution> local = LocalModelLocator.tryResolve(c);
        if (local.isPresent()) {
            return new Choice("local", c, "backend=auto and a local model file resolves: " + local.get().path() + " ("
                    + local.get().source() + ")");
        }
        boolean catalogName = LocalModelLocator.isCatalogName(c);
        if (catalogName && LocalModelLocator.pullStrategy(c) != LocalModelLocator.PullStrategy.never) {
            return new Choice("local", c, "backend=auto, model " + c.getModel() + " is a catalog model and pullStrategy="
                    + c.getPullStrategy() + " fetches it");
        }
        boolean remoteConfigured = notBlank(c.getBaseUrl()) || (notBlank(c.getModel()) && !catalogName);
        if (remoteConfigured) {
            String remote = remoteKind(c);
            return new Choice(remote, c, "backend=auto, no local model file resolves"
                    + (notBlank(c.getModelPath()) ? " (modelPath " + c.getModelPath() + " does not exist)" : "") + ", so the "
                    + remote + " server " + (notBlank(c.getBaseUrl()) ? c.getBaseUrl() : "(default URL)") + " is used");
        }
        if (notBlank(c.getModelPath()) || catalogName) {
            return new Choice("local", c, "backend=auto and a local model is asked for");
        }
        if (availability.present("local")) {
            return new Choice("local", c, "backend=auto with no modelPath, baseUrl or model: the bundled demo model");
        }
        throw new LlmInvalidRequestException("backend=auto found nothing to use: set modelPath (with camel-llm-llamacpp on the"
                + " classpath) for a local model, or baseUrl/model for a remote server");
    }

    /** ollama when the URL looks like an Ollama server (port 11434 or 'ollama' in the host), else openai. */
    static String remoteKind(LlmConfiguration c) {
        if (notBlank(c.getBaseUrl())) {
            try {
                URI uri = URI.create(c.getBaseUrl().trim());
                String path = uri.getPath() == null ? "" : uri.getPath();
                boolean openAiPath = path.contains("/v1");
                if (!openAiPath && (uri.getPort() == 11434 || (uri.getHost() != null && uri.getHost().contains("ollama")))) {
                    return "ollama";
                }
            } catch (IllegalArgumentException e) {
                return "openai";
            }
        }
        return "openai";
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
