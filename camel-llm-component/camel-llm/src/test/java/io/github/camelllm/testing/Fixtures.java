package io.github.camelllm.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

/** The llama-server b4748 captures under src/test/resources/fixtures/llama-server-b4748, and route helpers. */
public final class Fixtures {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DIR = "/fixtures/llama-server-b4748/";

    private Fixtures() {}

    public static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The captured response headers of a *.headers file, without the framing ones. */
    public static Map<String, String> headers(String name) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : text(name).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (line.startsWith("HTTP/") || colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (!key.equalsIgnoreCase("Content-Length")
                    && !key.equalsIgnoreCase("Transfer-Encoding")
                    && !key.equalsIgnoreCase("Keep-Alive")
                    && !value.isEmpty()) {
                headers.put(key, value);
            }
        }
        return headers;
    }

    /** Serves a fixture with the captured headers of {@code headersFile}. */
    public static void serve(HttpExchange exchange, int status, String fixture, String headersFile) throws IOException {
        byte[] body = text(fixture).getBytes(StandardCharsets.UTF_8);
        headers(headersFile).forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        boolean sse = fixture.endsWith(".sse");
        exchange.sendResponseHeaders(status, sse ? 0 : body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Serves an error capture with the status llama-server used (the error's code). */
    public static void serveError(HttpExchange exchange, String fixture) throws IOException {
        int status = MAPPER.readTree(text(fixture)).path("error").path("code").asInt(500);
        serve(exchange, status, fixture, "default_v1_chat.headers");
    }

    public static String route(String id, String from, String operation, Map<String, Object> parameters) {
        StringBuilder yaml = new StringBuilder()
                .append("- route:\n")
                .append("    id: ")
                .append(id)
                .append('\n')
                .append("    from:\n")
                .append("      uri: \"")
                .append(from)
                .append("\"\n")
                .append("      steps:\n")
                .append("        - to:\n")
                .append("            uri: \"llm:")
                .append(operation)
                .append("\"\n")
                .append("            parameters:\n");
        parameters.forEach((k, v) -> yaml.append("              ")
                .append(k)
                .append(": ")
                .append(quote(v))
                .append('\n'));
        return yaml.toString();
    }

    public static String quote(Object v) {
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return "\"" + v.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    public static void load(CamelContext context, String yaml) throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("r.yaml", yaml));
    }

    /** The first exception of the given type in the exchange's exception chain. */
    public static <T extends Throwable> T failure(Exchange exchange, Class<T> type) {
        for (Throwable t = exchange.getException(); t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        throw new AssertionError(
                "expected " + type.getSimpleName() + " but the exchange ended with " + exchange.getException(),
                exchange.getException());
    }
}
