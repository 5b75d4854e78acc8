package io.github.camelllm.kamelets;

import java.util.List;
import java.util.Locale;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The output step of the {@code llm-embed-action} Kamelet, as a route-template local bean: leaves the vectors as
 * {@code llm:embed} returns them ({@code vector}) or writes them as JSON text ({@code json}), which any sink can carry.
 * The format is checked when the Kamelet's route is created.
 */
public class EmbeddingFormat {

    private static final ObjectMapper JSON = new ObjectMapper();

    private boolean json;

    /** {@code vector} or {@code json} (case-insensitive). */
    public void setFormat(String format) {
        String f = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
        switch (f) {
            case "", "vector" -> json = false;
            case "json" -> json = true;
            default ->
                throw new IllegalArgumentException("llm-embed-action: property format is '" + format
                        + "'; it must be vector (float[] or List<float[]>) or json (a JSON array text)");
        }
    }

    public boolean isJson() {
        return json;
    }

    /** float[] becomes [0.1,...]; List&lt;float[]&gt; becomes [[...],[...]]; with format vector nothing changes. */
    public void format(Exchange exchange) {
        if (!json) {
            return;
        }
        Message in = exchange.getMessage();
        Object body = in.getBody();
        if (!(body instanceof float[]) && !(body instanceof List<?>)) {
            throw new IllegalStateException("llm-embed-action: expected float[] or List<float[]> from llm:embed, got "
                    + (body == null ? "null" : body.getClass().getName()));
        }
        try {
            in.setBody(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("llm-embed-action: cannot write the vectors as JSON", e);
        }
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
    }
}
