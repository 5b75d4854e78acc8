package io.github.camelllm.examples.search;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * The Java steps of {@code routes/search.camel.yaml}: checking documents and queries, turning vectors into bytes for
 * the index table and back, and ranking the indexed documents by cosine similarity to a query.
 */
public class VectorSearch {

    /** Header with the name of a document sent to {@code direct:index}. */
    public static final String DOCUMENT_NAME = "documentName";
    /** Header with the number of results wanted from {@code direct:search}. */
    public static final String TOP_K = "topK";

    private int defaultTopK = 3;
    private String documentPrefix = "";
    private String queryPrefix = "";

    public int getDefaultTopK() {
        return defaultTopK;
    }

    /** Number of results when a search does not set the {@value #TOP_K} header. */
    public void setDefaultTopK(int defaultTopK) {
        if (defaultTopK < 1) {
            throw new IllegalArgumentException("defaultTopK must be at least 1, got " + defaultTopK);
        }
        this.defaultTopK = defaultTopK;
    }

    public String getDocumentPrefix() {
        return documentPrefix;
    }

    /** Text put in front of every document before it is embedded (e.g. {@code "search_document: "}). */
    public void setDocumentPrefix(String documentPrefix) {
        this.documentPrefix = documentPrefix == null ? "" : documentPrefix;
    }

    public String getQueryPrefix() {
        return queryPrefix;
    }

    /** Text put in front of every query before it is embedded (e.g. {@code "search_query: "}). */
    public void setQueryPrefix(String queryPrefix) {
        this.queryPrefix = queryPrefix == null ? "" : queryPrefix;
    }

    // ---- indexing

    /** The document's name from the {@value #DOCUMENT_NAME} header; refuses a missing or blank one. */
    public String documentName(@Header(DOCUMENT_NAME) String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidDocumentException(
                    "a document sent to direct:index needs a non-blank header '" + DOCUMENT_NAME + "'");
        }
        return name.strip();
    }

    /**
     * The document's text without leading and trailing white space (a file's final newline would otherwise change
     * the vector); refuses an empty document.
     */
    public String documentText(@Body String text, @ExchangeProperty(DOCUMENT_NAME) String name) {
        if (text == null || text.isBlank()) {
            throw new InvalidDocumentException("document '" + name + "' is empty: nothing to index");
        }
        return text.strip();
    }

    /** What is embedded for a document: the document prefix and its text. */
    public String documentInput(@ExchangeProperty("documentText") String text) {
        return documentPrefix + text;
    }

    /** A vector as the bytes stored in the index: its float32 values, little-endian. */
    public byte[] encode(@Body float[] vector) {
        if (vector == null) {
            throw new IllegalArgumentException("no vector to encode: the body is not the float[] of llm:embed");
        }
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return bytes.array();
    }

    /** The vector stored by {@link #encode(float[])}. */
    public static float[] decode(byte[] bytes) {
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException(
                    "a stored vector has " + bytes.length + " bytes, which is not a whole number of float32 values");
        }
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }

    // ---- searching

    /** The query text without leading and trailing white space; refuses an empty query. */
    public String query(@Body Object body) {
        String query = body == null ? null : body.toString();
        if (query == null || query.isBlank()) {
            throw new InvalidSearchException("the search query is empty: send the text to search for as the body");
        }
        return query.strip();
    }

    /** What is embedded for a query: the query prefix and the query. */
    public String queryInput(@ExchangeProperty("query") String query) {
        return queryPrefix + query;
    }

    /**
     * The number of results: the {@value #TOP_K} header (a number or a string of digits, as HTTP or Kafka headers
     * are), else {@link #getDefaultTopK()}. Anything but a positive integer is refused.
     */
    public int topK(@Header(TOP_K) Object value) {
        if (value == null) {
            return defaultTopK;
        }
        long k;
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            k = ((Number) value).longValue();
        } else {
            String text = value.toString().strip();
            if (!text.matches("[+-]?\\d{1,18}")) {
                throw new InvalidSearchException(TOP_K + " must be a positive integer, got '" + value + "'");
            }
            k = Long.parseLong(text);
        }
        if (k < 1 || k > Integer.MAX_VALUE) {
            throw new InvalidSearchException(TOP_K + " must be a positive integer, got " + value);
        }
        return (int) k;
    }

    /**
     * Ranks the rows of the index table by cosine similarity to the query vector, highest first (equal scores by
     * document name), and returns the first {@code topK} as the JSON-ready search result.
     *
     * @param rows       the rows of {@code SELECT name, content, model, dimension, embedding FROM documents}
     * @param query      the query as given (without prefix)
     * @param queryVector the query's embedding
     * @param topK       the number of results wanted
     * @param model      the model that embedded the query; every row must have been embedded by the same one
     */
    public Map<String, Object> rank(
            @Body List<Map<String, Object>> rows,
            @ExchangeProperty("query") String query,
            @ExchangeProperty("queryVector") float[] queryVector,
            @ExchangeProperty(TOP_K) int topK,
            @Header("CamelLlmModel") String model) {
        List<Scored> scored = new ArrayList<>(rows.size());
        for (Map<String, Object> raw : rows) {
            Map<String, Object> row = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            row.putAll(raw);
            String name = (String) row.get("name");
            String rowModel = (String) row.get("model");
            if (model != null && !model.equals(rowModel)) {
                throw new IndexMismatchException("document '" + name + "' was indexed with model '" + rowModel
                        + "' but the query was embedded with model '" + model + "': vectors of different models"
                        + " cannot be compared; index the documents again with the query's model");
            }
            float[] vector = decode((byte[]) row.get("embedding"));
            if (vector.length != queryVector.length) {
                throw new IndexMismatchException("document '" + name + "' has a vector of " + vector.length
                        + " dimensions but the query has " + queryVector.length
                        + ": index the documents again with the query's model");
            }
            scored.add(new Scored(name, (String) row.get("content"), cosine(queryVector, vector)));
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::name));

        List<Map<String, Object>> results = new ArrayList<>();
        for (Scored s : scored.subList(0, Math.min(topK, scored.size()))) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("rank", results.size() + 1);
            result.put("document", s.name());
            result.put("score", s.score());
            result.put("text", s.text());
            results.add(result);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("query", query);
        answer.put("topK", topK);
        answer.put("model", model);
        answer.put("dimension", queryVector.length);
        answer.put("documents", rows.size());
        answer.put("results", results);
        return answer;
    }

    /**
     * Cosine similarity: the dot product divided by both lengths, in [-1, 1] (rounding is clamped); 0 when either
     * vector is all zeros, where the angle is undefined.
     */
    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        if (normA == 0 || normB == 0) {
            return 0;
        }
        double cosine = dot / (Math.sqrt(normA) * Math.sqrt(normB));
        return Math.max(-1, Math.min(1, cosine));
    }

    private record Scored(String name, String text, double score) {}

    /** A document that cannot be indexed (no name, no text). */
    public static class InvalidDocumentException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public InvalidDocumentException(String message) {
            super(message);
        }
    }

    /** A search request that cannot be answered as asked (empty query, bad topK). */
    public static class InvalidSearchException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public InvalidSearchException(String message) {
            super(message);
        }
    }

    /** The index holds vectors that cannot be compared with the query's (another model or dimension). */
    public static class IndexMismatchException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public IndexMismatchException(String message) {
            super(message);
        }
    }
}
