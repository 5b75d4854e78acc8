package io.github.camelllm.routes.openai;

import org.apache.camel.Exchange;

import io.github.camelllm.component.LlmConstants;

/**
 * The exchange properties the {@code llm-openai-server} route and its beans share. The route sets {@link #MODEL_NAME},
 * {@link #BASE_PATH} and {@link #SSE_PADDING} from the template parameters; the request parsers set the others, which
 * the route's choices and the response renderers read.
 */
public final class OpenAiProperties {

    /** Exchange property: the model name reported in responses and by /v1/models. */
    public static final String MODEL_NAME = "openaiModelName";
    /** Exchange property: the path under which the server is mounted, e.g. / or /llm. */
    public static final String BASE_PATH = "openaiBasePath";
    /** Exchange property: auto, always or never (padding of SSE events so that platform-http-vertx 4.18 flushes them). */
    public static final String SSE_PADDING = "openaiSsePadding";
    /** Exchange property set by {@link OpenAiDispatcher}: health, models, chat, completions, embeddings or notFound. */
    public static final String OPERATION = "openaiOperation";
    /** Exchange property set by the chat and completion parsers: whether the client asked for stream: true. */
    public static final String STREAM = "openaiStream";
    /** Exchange property set by {@link EmbeddingsRequestParser}: float or base64. */
    public static final String ENCODING_FORMAT = "openaiEncodingFormat";
    /** Exchange property set by {@link EmbeddingsRequestParser}: whether the input was a single string. */
    public static final String SINGLE_INPUT = "openaiSingleInput";

    private OpenAiProperties() {}

    /** The model name of responses: {@link #MODEL_NAME}, else the CamelLlmModel header, else camel-llm. */
    static String modelName(Exchange exchange) {
        String name = exchange.getProperty(MODEL_NAME, String.class);
        if (name == null || name.isBlank()) {
            name = exchange.getMessage().getHeader(LlmConstants.MODEL, "camel-llm", String.class);
        }
        return name;
    }
}
