package io.github.camelllm.routes.openai;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.camelllm.component.LlmChunk;
import io.github.camelllm.component.LlmConstants;
import io.github.camelllm.component.LlmHttpException;
import io.github.camelllm.component.LlmInvalidRequestException;
import io.github.camelllm.component.LlmQueueTimeoutException;
import io.github.camelllm.component.LlmTimeoutException;

/**
 * The OpenAI HTTP API on top of the llm component, used by the {@code llm-openai-server} route template
 * ({@code camel-llm/openai-server.camel.yaml}): parses requests into the exchange body and CamelLlm* headers that
 * llm:call, llm:chat, llm:stream and llm:embed read, and turns their results into OpenAI responses, shaped like
 * llama.cpp's llama-server (usage and timings on the last streamed chunk, {@code data: [DONE]}).
 * <p>
 * The route sets the exchange properties {@link #MODEL_NAME}, {@link #BASE_PATH} and {@link #SSE_PADDING} from the
 * template parameters; the methods below read and set the others.
 */
public class OpenAiProtocol {

    /** Exchange property: the model name reported in responses and by /v1/models. */
    public static final String MODEL_NAME = "openaiModelName";
    /** Exchange property: the path under which the server is mounted, e.g. / or /llm. */
    public static final String BASE_PATH = "openaiBasePath";
    /** Exchange property: auto, always or never (padding of SSE events so that platform-http-vertx 4.18 flushes them). */
    public static final String SSE_PADDING = "openaiSsePadding";
    /** Exchange property set by {@link #dispatch}: health, models, chat, completions, embeddings or notFound. */
    public static final String OPERATION = "openaiOperation";
    /** Exchange property set by the parse methods: whether the client asked for stream: true. */
    public static final String STREAM = "openaiStream";
    /** Exchange property set by {@link #parseEmbeddings}: float or base64. */
    public static final String ENCODING_FORMAT = "openaiEncodingFormat";
    /** Exchange property set by {@link #parseEmbeddings}: whether the input was a single string. */
    public static final String SINGLE_INPUT = "openaiSingleInput";

    static final String JSON = "application/json; charset=utf-8";
    static final String EVENT_STREAM = "text/event-stream";
    static final String FINGERPRINT = "camel-llm";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final long STARTED = System.currentTimeMillis() / 1000;

    // ------------------------------------------------------------------ dispatch

    /** Sets {@link #OPERATION} from the HTTP method and path, and drops the request headers (never echoed back). */
    public void dispatch(Exchange exchange) {
        Message in = exchange.getMessage();
        String method = in.getHeader(Exchange.HTTP_METHOD, "GET", String.class);
        String path = relativePath(in.getHeader(Exchange.HTTP_PATH, "/", String.class), exchange.getProperty(BASE_PATH, "/", String.class));
        exchange.setProperty(OPERATION, operation(method, path));
        in.removeHeaders("*");
    }

    /** The path below basePath, starting with / (null when the path is not under basePath). */
    static String relativePath(String path, String basePath) {
        String base = basePath == null ? "" : basePath.trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (base.isEmpty()) {
            return path;
        }
        if (path.equals(base)) {
            return "/";
        }
        return path.startsWith(base + "/") ? path.substring(base.length()) : null;
    }

    /** What a request asks for; the /v1 prefix is optional, as with llama-server. */
    static String operation(String method, String path) {
        if (path == null) {
            return "notFound";
        }
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.startsWith("/v1/")) {
            p = p.substring(3);
        }
        boolean get = "GET".equalsIgnoreCase(method);
        boolean post = "POST".equalsIgnoreCase(method);
        return switch (p) {
            case "/health" -> get ? "health" : "notFound";
            case "/models" -> get ? "models" : "notFound";
            case "/chat/completions" -> post ? "chat" : "notFound";
            case "/completions" -> post ? "completions" : "notFound";
            case "/embeddings" -> post ? "embeddings" : "notFound";
            default -> "notFound";
        };
    }

    // ------------------------------------------------------------------ requests

    /** POST /v1/chat/completions: the body becomes the List of {role, content} messages of llm:chat / llm:stream. */
    public void parseChat(Exchange exchange) {
        ObjectNode request = requestObject(exchange);
        exchange.getMessage().setBody(messages(request.get("messages")));
        JsonNode maxTokens = present(request.get("max_completion_tokens")) ? request.get("max_completion_tokens") : request.get("max_tokens");
        sampling(request, maxTokens, exchange.getMessage());
        exchange.setProperty(STREAM, bool(request, "stream"));
    }

    /** POST /v1/completions: the body becomes the prompt of llm:call, or its UTF-8 bytes for llm:stream. */
    public void parseCompletion(Exchange exchange) {
        ObjectNode request = requestObject(exchange);
        String prompt = prompt(request.get("prompt"));
        boolean stream = bool(request, "stream");
        // llm:stream reads a String starting with '[' as a conversation; bytes are always a prompt
        exchange.getMessage().setBody(stream ? prompt.getBytes(StandardCharsets.UTF_8) : prompt);
        exchange.setProperty(Exchange.CHARSET_NAME, "UTF-8");
        sampling(request, request.get("max_tokens"), exchange.getMessage());
        exchange.setProperty(STREAM, stream);
    }

    /** POST /v1/embeddings: the body becomes the String or List of Strings of llm:embed. */
    public void parseEmbeddings(Exchange exchange) {
        ObjectNode request = requestObject(exchange);
        JsonNode input = request.get("input");
        if (!present(input)) {
            throw OpenAiRequestException.invalid("\"input\" is required");
        }
        exchange.setProperty(ENCODING_FORMAT, encodingFormat(request.get("encoding_format")));
        exchange.setProperty(SINGLE_INPUT, input.isTextual());
        exchange.getMessage().setBody(input.isTextual() ? input.asText() : inputs(input));
    }

    static ObjectNode requestObject(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw OpenAiRequestException.invalid("the request body is empty: expected a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw OpenAiRequestException.invalid("the request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw OpenAiRequestException.invalid("the request body cannot be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw OpenAiRequestException.invalid("the request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** OpenAI messages to llm:chat's List of {role, content}; array contents keep their text parts. */
    static List<Map<String, String>> messages(JsonNode messages) {
        if (!present(messages)) {
            throw OpenAiRequestException.invalid("\"messages\" is required");
        }
        if (!messages.isArray() || messages.isEmpty()) {
            throw OpenAiRequestException.invalid("\"messages\" must be a non-empty array");
        }
        List<Map<String, String>> list = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            if (!m.isObject() || !m.path("role").isTextual()) {
                throw OpenAiRequestException.invalid("messages[" + i + "] must be an object with a string \"role\"");
            }
            Map<String, String> message = new LinkedHashMap<>();
            message.put("role", m.get("role").asText());
            message.put("content", content(m.get("content"), i));
            list.add(message);
        }
        return list;
    }

    static String content(JsonNode content, int index) {
        if (!present(content)) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    throw OpenAiRequestException.invalid("messages[" + index + "].content: only parts of type text are supported");
                }
                text.append(part.get("text").asText());
            }
            return text.toString();
        }
        throw OpenAiRequestException.invalid("messages[" + index + "].content must be a string or an array of text parts");
    }

    static String prompt(JsonNode prompt) {
        if (!present(prompt)) {
            throw OpenAiRequestException.invalid("\"prompt\" is required");
        }
        if (prompt.isTextual()) {
            return prompt.asText();
        }
        if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
            return prompt.get(0).asText();
        }
        throw OpenAiRequestException.invalid("\"prompt\" must be a string (or an array of exactly one string)");
    }

    static List<String> inputs(JsonNode input) {
        if (!input.isArray() || input.isEmpty()) {
            throw OpenAiRequestException.invalid("\"input\" must be a string or a non-empty array of strings");
        }
        List<String> inputs = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            if (!input.get(i).isTextual()) {
                throw OpenAiRequestException.invalid("input[" + i + "] must be a string (token arrays are not supported)");
            }
            inputs.add(input.get(i).asText());
        }
        return inputs;
    }

    static String encodingFormat(JsonNode format) {
        if (!present(format)) {
            return "float";
        }
        String f = format.asText().toLowerCase(Locale.ROOT);
        if (!format.isTextual() || !(f.equals("float") || f.equals("base64"))) {
            throw OpenAiRequestException.invalid("\"encoding_format\" must be float or base64");
        }
        return f;
    }

    /** max_tokens, temperature, top_p, stop, seed, n and the JSON schema of a request, as CamelLlm* headers. */
    static void sampling(ObjectNode request, JsonNode maxTokens, Message out) {
        if (present(maxTokens)) {
            out.setHeader(LlmConstants.MAX_TOKENS, integer(maxTokens, "max_tokens"));
        }
        if (present(request.get("temperature"))) {
            out.setHeader(LlmConstants.TEMPERATURE, number(request.get("temperature"), "temperature"));
        }
        if (present(request.get("top_p"))) {
            out.setHeader(LlmConstants.TOP_P, number(request.get("top_p"), "top_p"));
        }
        if (present(request.get("seed"))) {
            out.setHeader(LlmConstants.SEED, integer(request.get("seed"), "seed"));
        }
        String stop = stop(request.get("stop"));
        if (stop != null) {
            out.setHeader(LlmConstants.STOP, stop);
        }
        if (present(request.get("n")) && integer(request.get("n"), "n") != 1) {
            throw OpenAiRequestException.invalid("only n=1 is supported");
        }
        String schema = jsonSchema(request);
        if (schema != null) {
            out.setHeader(LlmConstants.JSON_SCHEMA, schema);
        }
    }

    /** stop as a string or an array of strings, joined with commas for CamelLlmStop (so a stop string cannot hold one). */
    static String stop(JsonNode stop) {
        if (!present(stop)) {
            return null;
        }
        List<String> stops = new ArrayList<>();
        if (stop.isTextual()) {
            stops.add(stop.asText());
        } else if (stop.isArray()) {
            for (JsonNode s : stop) {
                if (!s.isTextual()) {
                    throw OpenAiRequestException.invalid("\"stop\" must be a string or an array of strings");
                }
                stops.add(s.asText());
            }
        } else {
            throw OpenAiRequestException.invalid("\"stop\" must be a string or an array of strings");
        }
        for (String s : stops) {
            if (s.contains(",")) {
                throw OpenAiRequestException.invalid("stop strings containing ',' are not supported by this server: " + s);
            }
        }
        stops.removeIf(String::isEmpty);
        return stops.isEmpty() ? null : String.join(",", stops);
    }

    /**
     * The JSON schema of {@code response_format} ({type: json_schema, json_schema: {schema}}, {type: json_object} with an
     * optional schema) or of llama-server's top-level {@code json_schema}; null for plain text.
     */
    static String jsonSchema(ObjectNode request) {
        JsonNode schema = request.get("json_schema");
        JsonNode format = request.get("response_format");
        if (present(format)) {
            if (!format.isObject()) {
                throw OpenAiRequestException.invalid("\"response_format\" must be an object");
            }
            String type = format.path("type").asText("text");
            switch (type) {
                case "text" -> {
                }
                case "json_object" -> schema = present(format.get("schema")) ? format.get("schema") : MAPPER.createObjectNode().put("type", "object");
                case "json_schema" -> {
                    schema = format.path("json_schema").get("schema");
                    if (!present(schema)) {
                        throw OpenAiRequestException.invalid("response_format.json_schema.schema is required with type json_schema");
                    }
                }
                default -> throw OpenAiRequestException.invalid("response_format.type must be text, json_object or json_schema, not " + type);
            }
        }
        if (!present(schema)) {
            return null;
        }
        if (!schema.isObject()) {
            throw OpenAiRequestException.invalid("the JSON schema must be an object");
        }
        return schema.toString();
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private static int integer(JsonNode node, String field) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw OpenAiRequestException.invalid("\"" + field + "\" must be an integer");
        }
        return node.intValue();
    }

    private static float number(JsonNode node, String field) {
        if (!node.isNumber()) {
            throw OpenAiRequestException.invalid("\"" + field + "\" must be a number");
        }
        return node.floatValue();
    }

    private static boolean bool(ObjectNode request, String field) {
        JsonNode node = request.get(field);
        if (!present(node)) {
            return false;
        }
        if (!node.isBoolean()) {
            throw OpenAiRequestException.invalid("\"" + field + "\" must be a boolean");
        }
        return node.booleanValue();
    }

    // ------------------------------------------------------------------ responses

    /** After llm:chat: the chat.completion object. */
    public void chatResponse(Exchange exchange) {
        Message in = exchange.getMessage();
        ObjectNode message = MAPPER.createObjectNode().put("role", "assistant").put("content", in.getBody(String.class));
        ObjectNode choice = MAPPER.createObjectNode();
        choice.put("finish_reason", in.getHeader(LlmConstants.FINISH_REASON, "stop", String.class)).put("index", 0).set("message", message);
        ObjectNode body = envelope("chatcmpl-", "chat.completion", modelName(exchange), choice);
        usageAndTimings(body, in.getHeader(LlmConstants.INPUT_TOKENS, Integer.class), in.getHeader(LlmConstants.OUTPUT_TOKENS, Integer.class),
                in.getHeader(LlmConstants.TIME_TO_FIRST_TOKEN_MS, Long.class), in.getHeader(LlmConstants.GENERATION_MS, Long.class));
        json(exchange, 200, body);
    }

    /** After llm:call: the text_completion object. */
    public void completionResponse(Exchange exchange) {
        Message in = exchange.getMessage();
        ObjectNode choice = MAPPER.createObjectNode().put("text", in.getBody(String.class)).put("index", 0).putNull("logprobs")
                .put("finish_reason", in.getHeader(LlmConstants.FINISH_REASON, "stop", String.class));
        ObjectNode body = envelope("cmpl-", "text_completion", modelName(exchange), choice);
        usageAndTimings(body, in.getHeader(LlmConstants.INPUT_TOKENS, Integer.class), in.getHeader(LlmConstants.OUTPUT_TOKENS, Integer.class),
                in.getHeader(LlmConstants.TIME_TO_FIRST_TOKEN_MS, Long.class), in.getHeader(LlmConstants.GENERATION_MS, Long.class));
        json(exchange, 200, body);
    }

    /** After llm:stream of a conversation: a text/event-stream of chat.completion.chunk events. */
    public void chatStream(Exchange exchange) {
        stream(exchange, new ChunkFormat("chatcmpl-", "chat.completion.chunk", modelName(exchange), true));
    }

    /** After llm:stream of a prompt: a text/event-stream of text_completion events. */
    public void completionStream(Exchange exchange) {
        stream(exchange, new ChunkFormat("cmpl-", "text_completion", modelName(exchange), false));
    }

    /** After llm:embed: the list of embedding objects, as floats or base64 little-endian float32. */
    @SuppressWarnings("unchecked")
    public void embeddingsResponse(Exchange exchange) {
        Message in = exchange.getMessage();
        Object result = in.getBody();
        List<float[]> vectors = result instanceof float[] one ? List.of(one) : (List<float[]>) result;
        boolean base64 = "base64".equals(exchange.getProperty(ENCODING_FORMAT, String.class));
        ArrayNode data = MAPPER.createArrayNode();
        for (int i = 0; i < vectors.size(); i++) {
            ObjectNode item = data.addObject();
            if (base64) {
                item.put("embedding", base64(vectors.get(i)));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float v : vectors.get(i)) {
                    values.add(v);
                }
            }
            item.put("index", i).put("object", "embedding");
            if (base64) {
                item.put("encoding_format", "base64");
            }
        }
        int tokens = in.getHeader(LlmConstants.INPUT_TOKENS, 0, Integer.class);
        ObjectNode body = MAPPER.createObjectNode().put("model", modelName(exchange)).put("object", "list");
        body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        body.set("data", data);
        json(exchange, 200, body);
    }

    /** Little-endian float32 bytes in base64, as OpenAI's encoding_format=base64. */
    static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            bytes.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    /** GET /v1/models: the served model. */
    public void models(Exchange exchange) {
        ObjectNode body = MAPPER.createObjectNode().put("object", "list");
        body.putArray("data").addObject().put("id", modelName(exchange)).put("object", "model").put("created", STARTED)
                .put("owned_by", "camel-llm");
        json(exchange, 200, body);
    }

    /** GET /health. */
    public void health(Exchange exchange) {
        json(exchange, 200, MAPPER.createObjectNode().put("status", "ok"));
    }

    /** Any other path or method. */
    public void notFound(Exchange exchange) {
        respondWithError(exchange, new OpenAiRequestException(404, "not_found_error", "File Not Found"));
    }

    /** In doCatch: the caught exception as an OpenAI error object with its HTTP status. */
    public void error(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        respondWithError(exchange, e == null ? new IllegalStateException("unknown error") : e);
    }

    static void respondWithError(Exchange exchange, Exception e) {
        ErrorInfo info = ErrorInfo.of(e);
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        if (info.status() == 503) {
            out.setHeader("Retry-After", "1");
        }
        json(exchange, info.status(), errorBody(info));
    }

    static ObjectNode errorBody(ErrorInfo info) {
        ObjectNode body = MAPPER.createObjectNode();
        body.putObject("error").put("code", info.status()).put("message", info.message()).put("type", info.type());
        return body;
    }

    /** How an exception is reported: HTTP status, OpenAI error type and message. */
    record ErrorInfo(int status, String type, String message) {

        static ErrorInfo of(Throwable e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (e instanceof OpenAiRequestException r) {
                return new ErrorInfo(r.getStatus(), r.getType(), message);
            }
            if (e instanceof LlmInvalidRequestException) {
                // includes LlmContextLengthExceededException
                return new ErrorInfo(400, "invalid_request_error", message);
            }
            if (e instanceof LlmQueueTimeoutException) {
                return new ErrorInfo(503, "unavailable_error", message);
            }
            if (e instanceof LlmTimeoutException) {
                return new ErrorInfo(504, "timeout_error", message);
            }
            if (e instanceof LlmHttpException h) {
                return new ErrorInfo(h.getStatusCode() == 429 || h.getStatusCode() == 503 ? 503 : 502,
                        h.getStatusCode() == 429 || h.getStatusCode() == 503 ? "unavailable_error" : "server_error", message);
            }
            return new ErrorInfo(500, "server_error", message);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void stream(Exchange exchange, ChunkFormat format) {
        Message out = exchange.getMessage();
        @SuppressWarnings("unchecked")
        Iterator<LlmChunk> chunks = out.getBody(Iterator.class);
        SseEventStream body = new SseEventStream(chunks, format, padding(exchange));
        VertxResponses.cancelOnClose(out, body);
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, EVENT_STREAM);
        out.setHeader("Cache-Control", "no-cache");
        out.setBody(body);
    }

    static int padding(Exchange exchange) {
        String mode = exchange.getProperty(SSE_PADDING, "auto", String.class).trim().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "never", "false" -> 0;
            case "always", "true" -> org.apache.camel.util.IOHelper.DEFAULT_BUFFER_SIZE;
            default -> VertxResponses.flushPadding(exchange.getMessage());
        };
    }

    private static String modelName(Exchange exchange) {
        String name = exchange.getProperty(MODEL_NAME, String.class);
        if (name == null || name.isBlank()) {
            name = exchange.getMessage().getHeader(LlmConstants.MODEL, "camel-llm", String.class);
        }
        return name;
    }

    static ObjectNode envelope(String idPrefix, String object, String model, ObjectNode choice) {
        return envelope(newId(idPrefix), System.currentTimeMillis() / 1000, object, model, choice);
    }

    static ObjectNode envelope(String id, long created, String object, String model, ObjectNode choice) {
        ObjectNode body = MAPPER.createObjectNode();
        body.putArray("choices").add(choice);
        body.put("created", created).put("id", id).put("model", model).put("system_fingerprint", FINGERPRINT).put("object", object);
        return body;
    }

    /** usage {prompt_tokens, completion_tokens, total_tokens} and llama-server-like timings from the llm headers. */
    static void usageAndTimings(ObjectNode body, Integer inputTokens, Integer outputTokens, Long ttftMs, Long generationMs) {
        int prompt = inputTokens == null || inputTokens < 0 ? 0 : inputTokens;
        int completion = outputTokens == null ? 0 : outputTokens;
        body.putObject("usage").put("completion_tokens", completion).put("prompt_tokens", prompt).put("total_tokens", prompt + completion);
        if (ttftMs != null && generationMs != null) {
            double promptMs = ttftMs;
            double predictedMs = Math.max(0, generationMs - ttftMs);
            ObjectNode t = body.putObject("timings");
            t.put("prompt_n", prompt).put("prompt_ms", promptMs).put("prompt_per_token_ms", prompt == 0 ? 0 : promptMs / prompt)
                    .put("prompt_per_second", promptMs == 0 ? 0 : prompt * 1000.0 / promptMs);
            t.put("predicted_n", completion).put("predicted_ms", predictedMs)
                    .put("predicted_per_token_ms", completion == 0 ? 0 : predictedMs / completion)
                    .put("predicted_per_second", predictedMs == 0 ? 0 : completion * 1000.0 / predictedMs);
        }
    }

    static String newId(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 32; i++) {
            id.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
        }
        return id.toString();
    }

    private static void json(Exchange exchange, int status, ObjectNode body) {
        Message out = exchange.getMessage();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, JSON);
        out.setBody(body.toString());
    }

    /** The events of a streamed chat or completion: one id and created time for the whole stream. */
    static final class ChunkFormat implements SseEventStream.Format {

        private final String id;
        private final long created = System.currentTimeMillis() / 1000;
        private final String object;
        private final String model;
        private final boolean chat;

        ChunkFormat(String idPrefix, String object, String model, boolean chat) {
            this.id = newId(idPrefix);
            this.object = object;
            this.model = model;
            this.chat = chat;
        }

        @Override
        public List<String> events(LlmChunk chunk) {
            List<String> events = new ArrayList<>(2);
            if (!chunk.getText().isEmpty()) {
                events.add(event(chunk.getText(), null).toString());
            }
            if (chunk.isLast()) {
                ObjectNode last = event(null, chunk.getFinishReason() == null ? "stop" : chunk.getFinishReason());
                usageAndTimings(last, chunk.getInputTokens(), chunk.getOutputTokens(), chunk.getTimeToFirstTokenMs(), chunk.getGenerationMs());
                events.add(last.toString());
            }
            return events;
        }

        private ObjectNode event(String text, String finishReason) {
            ObjectNode choice = MAPPER.createObjectNode();
            if (chat) {
                choice.put("finish_reason", finishReason).put("index", 0);
                ObjectNode delta = choice.putObject("delta");
                if (text != null) {
                    delta.put("content", text);
                }
            } else {
                choice.put("text", text == null ? "" : text).put("index", 0).putNull("logprobs").put("finish_reason", finishReason);
            }
            return envelope(id, created, object, model, choice);
        }

        @Override
        public String error(Exception e) {
            return errorBody(ErrorInfo.of(e)).toString();
        }
    }
}
