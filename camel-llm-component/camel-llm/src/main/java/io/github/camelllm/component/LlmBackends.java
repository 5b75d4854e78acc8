package io.github.camelllm.component;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.FactoryFinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelllm.models.ModelResolver;
import io.github.camelllm.spi.BackendSpec;
import io.github.camelllm.spi.LlmBackend;
import io.github.camelllm.spi.LlmBackendContext;
import io.github.camelllm.spi.LlmBackendFactory;
import io.github.camelllm.spi.LlmInvalidRequestException;
import io.github.camelllm.spi.LlmOperation;
import io.github.camelllm.spi.LoadOptions;
import io.github.camelllm.spi.ModelSpec;
import io.github.camelllm.spi.RemoteSettings;

/**
 * Picks the backend of an endpoint from the {@code backend} option and the {@code model} spec, and creates it.
 * The rules of {@code auto} are in {@link #choose}.
 */
final class LlmBackends {

    private static final Logger LOG = LoggerFactory.getLogger(LlmBackends.class);

    /**
     * The decision, with the configuration the backend gets and a sentence saying why.
     *
     * @param resolved the local model file found while choosing (so it is not looked up again), or null
     */
    record Choice(String backend, LlmConfiguration configuration, String reason, ModelResolver.Resolution resolved) {

        Choice(String backend, LlmConfiguration configuration, String reason) {
            this(backend, configuration, reason, null);
        }
    }

    /** What a third-party backend may be called: never a path, since the name is looked up on the classpath. */
    private static final java.util.regex.Pattern BACKEND_NAME =
            java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /** Warned once per JVM: the bundled demo model is in use. */
    private static final java.util.concurrent.atomic.AtomicBoolean DEMO_NOTICE =
            new java.util.concurrent.atomic.AtomicBoolean();

    private LlmBackends() {}

    /** Which backend an endpoint with this configuration uses, with the classpath of the context. */
    static Choice choose(CamelContext context, LlmConfiguration configuration) {
        FactoryFinder finder = finder(context);
        return choose(configuration, name -> finder.findClass(name).isPresent());
    }

    /**
     * Creates the backend of a choice: checks the load and connection options, resolves (and pulls) a local model
     * file once, and hands the factory the resulting {@link BackendSpec} with the component's runtime.
     */
    static LlmBackend create(CamelContext context, LlmBackendContext runtime, Choice choice, LlmOperation operation) {
        LOG.info("llm:{} uses the {} backend: {}", operation, choice.backend(), choice.reason());
        Optional<LlmBackendFactory> found = finder(context).newInstance(choice.backend(), LlmBackendFactory.class);
        if (found.isEmpty()) {
            throw new LlmInvalidRequestException(
                    "backend '" + choice.backend() + "' is not on the classpath: add the dependency "
                            + ("local".equals(choice.backend())
                                    ? "io.github.camel-llm:camel-llm-llamacpp (it brings the llama.cpp native library)"
                                    : "io.github.camel-llm:camel-llm"));
        }
        LlmBackendFactory factory = found.get();
        LlmConfiguration c = choice.configuration();
        LoadOptions load = BackendSpecs.load(c);
        RemoteSettings remote = BackendSpecs.remote(c);
        Path modelFile = factory.usesModelFile() ? localModel(choice, factory) : null;
        return factory.create(new BackendSpec(choice.backend(), operation, modelFile, remote, load), runtime);
    }

    /**
     * The model file: the model option (catalog name, file name or path) and modelPath, searched in the documented
     * order (modelPath, CAMEL_LLM_MODEL_PATH, $APPDIR/usr/share/models, the models directory), pulled first when
     * pullStrategy says so, or the backend's default (the bundled demo model) when nothing was asked for.
     */
    private static Path localModel(Choice choice, LlmBackendFactory factory) {
        ModelResolver.Resolution r = choice.resolved() != null
                        && LocalModelLocator.pullStrategy(choice.configuration())
                                != LocalModelLocator.PullStrategy.always
                ? choice.resolved()
                : LocalModelLocator.locate(choice.configuration(), factory::defaultModelFile);
        LOG.debug("model resolved to {} ({}); tried: {}", r.path(), r.source(), String.join("; ", r.tried()));
        if (r.source() == ModelResolver.Source.BUNDLED && DEMO_NOTICE.compareAndSet(false, true)) {
            LOG.warn(
                    "No model configured: using the bundled demo model stories260K (260K parameters, trained on TinyStories,"
                            + " MIT). It only writes short children's stories. Point the llm component at a real GGUF model with"
                            + " model (a catalog name such as qwen2.5-1.5b, see `camel-llm model available`) or modelPath, e.g."
                            + " camel.component.llm.model-path=/models/qwen2.5-1.5b-instruct-q4_k_m.gguf");
        }
        return r.path().toAbsolutePath().normalize();
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
        String backend = c.getBackend() == null || c.getBackend().isBlank()
                ? "auto"
                : c.getBackend().trim().toLowerCase(Locale.ROOT);
        if (!backend.equals("auto")
                && !ModelSpec.BACKENDS.contains(backend)
                && (!BACKEND_NAME.matcher(backend).matches() || !availability.present(backend))) {
            throw new LlmInvalidRequestException(
                    "unknown backend '" + c.getBackend() + "': expected auto, local, openai or ollama,"
                            + " or the name (letters, digits, '-') of a backend on the classpath, registered in "
                            + LlmBackendFactory.RESOURCE_PATH + "<name>");
        }
        ModelSpec spec = ModelSpec.parse(c.getModel());
        if (spec.backend() != null) {
            if (!backend.equals("auto") && !backend.equals(spec.backend())) {
                throw new LlmInvalidRequestException("option model '" + c.getModel() + "' asks for the "
                        + spec.backend() + " backend but option backend is " + backend);
            }
            return new Choice(spec.backend(), c, "model spec '" + c.getModel() + "'");
        }
        if (!backend.equals("auto")) {
            return new Choice(backend, c, "backend=" + backend);
        }
        Optional<ModelResolver.Resolution> local = LocalModelLocator.tryResolve(c);
        if (local.isPresent()) {
            return new Choice(
                    "local",
                    c,
                    "backend=auto and a local model file resolves: "
                            + local.get().path() + " (" + local.get().source() + ")",
                    local.get());
        }
        boolean catalogName = LocalModelLocator.isCatalogName(c);
        if (catalogName && LocalModelLocator.pullStrategy(c) != LocalModelLocator.PullStrategy.never) {
            return new Choice(
                    "local",
                    c,
                    "backend=auto, model " + c.getModel() + " is a catalog model and pullStrategy="
                            + c.getPullStrategy() + " fetches it");
        }
        boolean remoteConfigured = notBlank(c.getBaseUrl()) || (notBlank(c.getModel()) && !catalogName);
        if (remoteConfigured) {
            String remote = remoteKind(c);
            return new Choice(
                    remote,
                    c,
                    "backend=auto, no local model file resolves"
                            + (notBlank(c.getModelPath()) ? " (modelPath " + c.getModelPath() + " does not exist)" : "")
                            + ", so the "
                            + remote + " server " + (notBlank(c.getBaseUrl()) ? c.getBaseUrl() : "(default URL)")
                            + " is used");
        }
        if (notBlank(c.getModelPath()) || catalogName) {
            return new Choice("local", c, "backend=auto and a local model is asked for");
        }
        if (availability.present("local")) {
            return new Choice("local", c, "backend=auto with no modelPath, baseUrl or model: the bundled demo model");
        }
        throw new LlmInvalidRequestException(
                "backend=auto found nothing to use: set modelPath (with camel-llm-llamacpp on the"
                        + " classpath) for a local model, or baseUrl/model for a remote server");
    }

    /** ollama when the URL looks like an Ollama server (port 11434 or 'ollama' in the host), else openai. */
    static String remoteKind(LlmConfiguration c) {
        if (notBlank(c.getBaseUrl())) {
            try {
                URI uri = URI.create(c.getBaseUrl().trim());
                String path = uri.getPath() == null ? "" : uri.getPath();
                boolean openAiPath = path.contains("/v1");
                if (!openAiPath
                        && (uri.getPort() == 11434
                                || (uri.getHost() != null && uri.getHost().contains("ollama")))) {
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
