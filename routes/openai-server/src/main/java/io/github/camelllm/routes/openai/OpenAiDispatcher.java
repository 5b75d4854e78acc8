package io.github.camelllm.routes.openai;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The first step of the {@code llm-openai-server} route: which OpenAI endpoint a request is for, from its HTTP method
 * and its path below the base path, as the {@link OpenAiProperties#OPERATION} property the route's choice reads.
 */
public class OpenAiDispatcher {

    /** Sets {@link OpenAiProperties#OPERATION} from the HTTP method and path, and drops the request headers (never echoed back). */
    public void dispatch(Exchange exchange) {
        Message in = exchange.getMessage();
        String method = in.getHeader(Exchange.HTTP_METHOD, "GET", String.class);
        String path = relativePath(
                in.getHeader(Exchange.HTTP_PATH, "/", String.class),
                exchange.getProperty(OpenAiProperties.BASE_PATH, "/", String.class));
        exchange.setProperty(OpenAiProperties.OPERATION, operation(method, path));
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
}
