package io.github.camelllm.examples.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelllm.component.LlmComponent;

/**
 * Runs the shipped routes, routes/search.camel.yaml, on the bundled demo model: the documents directory is indexed
 * by the file route, and every search result is checked against embeddings and cosine similarities computed here,
 * independently, from {@code llm:embed}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SimilaritySearchRoutesTest {

    private static final Path DOCUMENTS = Path.of("documents");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int DEMO_MODEL_DIMENSION = 64;
    private static final String DEMO_MODEL = "stories260K";

    private static CamelContext context;
    private static ProducerTemplate template;
    private static DataSource index;
    /** The shipped documents: file name to text as stored in the file. */
    private static Map<String, String> documents;
    /** Their embeddings, computed here with llm:embed: file name to the vector of the stripped text. */
    private static Map<String, float[]> documentVectors;

    @BeforeAll
    static void indexTheShippedDocuments() throws Exception {
        documents = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(DOCUMENTS)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                documents.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        assertTrue(documents.size() >= 5, "the example ships a handful of documents: " + documents.keySet());

        Properties props = new Properties();
        try (InputStream in = SimilaritySearchRoutesTest.class.getResourceAsStream("/application.properties")) {
            props.load(in);
        }
        props.put(
                "search.jdbc-url",
                "jdbc:h2:mem:routes-test;DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:db/schema.sql'");
        props.put("search.poll-delay", "200");
        context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(props);
        // one llama.cpp thread: the tests share two cores with other builds, where several spin-waiting worker
        // threads per model slow every embedding down; the vectors compared are all computed by this one model
        LlmComponent llm = new LlmComponent();
        llm.getConfiguration().setThreads(1);
        context.addComponent("llm", llm);
        PluginHelper.getRoutesLoader(context)
                .loadRoutes(ResourceHelper.resolveMandatoryResource(context, "classpath:routes/search.camel.yaml"));
        context.start();
        template = context.createProducerTemplate();
        index = context.getRegistry().lookupByNameAndType("searchIndex", DataSource.class);
        documentVectors = new LinkedHashMap<>();
        documents.forEach((name, text) -> documentVectors.put(name, embed(text.strip())));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (storedRows().size() < documents.size()) {
            if (System.nanoTime() > deadline) {
                fail("the file route indexed only " + storedRows().keySet() + " of " + documents.keySet());
            }
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void everyDocumentIsIndexedWithTheModelsDimensionAndItsOwnVector() throws Exception {
        Map<String, Row> rows = storedRows();
        assertEquals(documents.keySet(), rows.keySet());
        for (var document : documents.entrySet()) {
            Row row = rows.get(document.getKey());
            String text = document.getValue().strip();
            float[] expected = documentVectors.get(document.getKey());
            assertEquals(DEMO_MODEL_DIMENSION, expected.length);
            assertEquals(DEMO_MODEL_DIMENSION, row.dimension(), row.name());
            assertEquals(DEMO_MODEL, row.model(), row.name());
            assertEquals(text, row.content(), "the text is stored without the file's trailing newline");
            assertArrayEquals(expected, row.vector(), 1e-6f, row.name() + " is stored with the vector of its text");
        }
    }

    @Test
    void aDocumentsOwnTextRanksItFirstWithCosineOne() throws Exception {
        for (var document : documents.entrySet()) {
            JsonNode answer = search(document.getValue(), 1);
            JsonNode results = answer.get("results");
            assertEquals(1, results.size());
            assertEquals(document.getKey(), results.get(0).get("document").asText());
            assertEquals(1.0, results.get(0).get("score").asDouble(), 1e-5, document.getKey());
            assertEquals(document.getValue().strip(), results.get(0).get("text").asText());
        }
        // surrounding white space is not part of the query
        var first = documents.entrySet().iterator().next();
        JsonNode padded = search("  \n" + first.getValue().strip() + " \n\n", 2).get("results");
        assertEquals(first.getKey(), padded.get(0).get("document").asText());
        assertEquals(1.0, padded.get(0).get("score").asDouble(), 1e-5);
    }

    @Test
    void scoresAreTheCosineOfIndependentlyComputedEmbeddingsSortedHighestFirst() throws Exception {
        for (String query : List.of(
                "Lily played with her red ball in the park.",
                "Kafka consumers in a group share the partitions of a topic.",
                "cake")) {
            JsonNode answer = search(query, documents.size());
            assertEquals(query, answer.get("query").asText());
            assertEquals(documents.size(), answer.get("topK").asInt());
            assertEquals(DEMO_MODEL, answer.get("model").asText());
            assertEquals(DEMO_MODEL_DIMENSION, answer.get("dimension").asInt());
            assertEquals(documents.size(), answer.get("documents").asInt());

            float[] queryVector = embed(query);
            List<Map.Entry<String, Double>> expected = new ArrayList<>();
            for (var document : documentVectors.entrySet()) {
                expected.add(Map.entry(document.getKey(), cosine(queryVector, document.getValue())));
            }
            expected.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()));

            JsonNode results = answer.get("results");
            assertEquals(documents.size(), results.size());
            double previous = Double.POSITIVE_INFINITY;
            for (int i = 0; i < results.size(); i++) {
                JsonNode result = results.get(i);
                double score = result.get("score").asDouble();
                assertEquals(i + 1, result.get("rank").asInt());
                assertTrue(score >= -1 && score <= 1, "score out of [-1, 1]: " + result);
                assertTrue(score <= previous, "not sorted highest first: " + results);
                previous = score;
                assertEquals(
                        expected.get(i).getKey(),
                        result.get("document").asText(),
                        "rank " + (i + 1) + " for '" + query + "': expected " + expected + ", got " + results);
                assertEquals(expected.get(i).getValue(), score, 1e-6, result.toString());
            }
        }
    }

    @Test
    void topKIsRespected() throws Exception {
        String query = "The sleepy cat curled up on the bed.";
        List<String> all = new ArrayList<>();
        search(query, documents.size())
                .get("results")
                .forEach(r -> all.add(r.get("document").asText()));
        for (Object k : List.of(1, 2, "4", documents.size(), documents.size() + 10)) {
            JsonNode answer = search(query, k);
            int expected = Math.min(Integer.parseInt(k.toString()), documents.size());
            JsonNode results = answer.get("results");
            assertEquals(expected, results.size(), "topK " + k);
            assertEquals(Integer.parseInt(k.toString()), answer.get("topK").asInt());
            for (int i = 0; i < expected; i++) {
                assertEquals(all.get(i), results.get(i).get("document").asText(), "the top " + k + " are a prefix");
            }
        }
        // no topK header: search.top-k of application.properties
        JsonNode byDefault = json(template.requestBody("direct:search", query, String.class));
        assertEquals(3, byDefault.get("results").size());
        assertEquals(3, byDefault.get("topK").asInt());
    }

    @Test
    void anEmptyQueryIsRefused() {
        for (String query : new String[] {"", "   \n\t", null}) {
            CamelExecutionException e = assertThrows(
                    CamelExecutionException.class,
                    () -> template.requestBodyAndHeader("direct:search", query, VectorSearch.TOP_K, 3, String.class));
            VectorSearch.InvalidSearchException cause = assertInstanceOf(
                    VectorSearch.InvalidSearchException.class, e.getCause(), String.valueOf(e.getCause()));
            assertEquals("the search query is empty: send the text to search for as the body", cause.getMessage());
        }
    }

    @Test
    void aTopKThatIsNotAPositiveIntegerIsRefused() {
        for (Object k : new Object[] {0, -2, "0", "abc", "2.5", "", 3_000_000_000L}) {
            CamelExecutionException e = assertThrows(
                    CamelExecutionException.class,
                    () -> template.requestBodyAndHeader("direct:search", "a ball", VectorSearch.TOP_K, k, String.class),
                    "topK " + k);
            VectorSearch.InvalidSearchException cause = assertInstanceOf(
                    VectorSearch.InvalidSearchException.class, e.getCause(), String.valueOf(e.getCause()));
            assertTrue(cause.getMessage().startsWith("topK must be a positive integer, got "), cause.getMessage());
            assertTrue(cause.getMessage().contains(String.valueOf(k)), cause.getMessage());
        }
    }

    @Test
    void indexingADocumentAgainUnderItsNameReplacesIt() throws Exception {
        String name = "scratch-note.txt";
        try {
            template.sendBodyAndHeader("direct:index", "The dog ran after the ball.", VectorSearch.DOCUMENT_NAME, name);
            String replacement = "The bird sang a song in the tall tree.";
            template.sendBodyAndHeader("direct:index", replacement + "\n", VectorSearch.DOCUMENT_NAME, name);

            Map<String, Row> rows = storedRows();
            assertEquals(documents.size() + 1, rows.size(), "one row per name: " + rows.keySet());
            assertEquals(replacement, rows.get(name).content());
            assertArrayEquals(embed(replacement), rows.get(name).vector(), 1e-6f);

            JsonNode top = search(replacement, 1).get("results").get(0);
            assertEquals(name, top.get("document").asText());
            assertEquals(1.0, top.get("score").asDouble(), 1e-5);
        } finally {
            execute("DELETE FROM documents WHERE name = ?", name);
        }
    }

    @Test
    void aDocumentWithoutNameOrTextIsRefused() throws Exception {
        CamelExecutionException noName = assertThrows(
                CamelExecutionException.class, () -> template.sendBody("direct:index", "A text without a name."));
        assertInstanceOf(VectorSearch.InvalidDocumentException.class, noName.getCause());
        assertEquals(
                "a document sent to direct:index needs a non-blank header 'documentName'",
                noName.getCause().getMessage());

        CamelExecutionException noText = assertThrows(
                CamelExecutionException.class,
                () -> template.sendBodyAndHeader("direct:index", " \n", VectorSearch.DOCUMENT_NAME, "blank.txt"));
        assertInstanceOf(VectorSearch.InvalidDocumentException.class, noText.getCause());
        assertEquals(
                "document 'blank.txt' is empty: nothing to index",
                noText.getCause().getMessage());
        assertEquals(documents.keySet(), storedRows().keySet(), "nothing was stored");
    }

    @Test
    void vectorsOfAnotherModelOrDimensionAreNotCompared() throws Exception {
        insert("from-another-model.txt", "another-model", new float[DEMO_MODEL_DIMENSION]);
        try {
            CamelExecutionException e = assertThrows(CamelExecutionException.class, () -> search("a ball", 3));
            assertInstanceOf(VectorSearch.IndexMismatchException.class, e.getCause());
            assertEquals(
                    "document 'from-another-model.txt' was indexed with model 'another-model' but the query was"
                            + " embedded with model 'stories260K': vectors of different models cannot be compared; index the"
                            + " documents again with the query's model",
                    e.getCause().getMessage());
        } finally {
            execute("DELETE FROM documents WHERE name = ?", "from-another-model.txt");
        }
        insert("three-dimensions.txt", DEMO_MODEL, new float[] {1, 0, 0});
        try {
            CamelExecutionException e = assertThrows(CamelExecutionException.class, () -> search("a ball", 3));
            assertInstanceOf(VectorSearch.IndexMismatchException.class, e.getCause());
            assertEquals(
                    "document 'three-dimensions.txt' has a vector of 3 dimensions but the query has 64: index"
                            + " the documents again with the query's model",
                    e.getCause().getMessage());
        } finally {
            execute("DELETE FROM documents WHERE name = ?", "three-dimensions.txt");
        }
        assertNull(storedRows().get("three-dimensions.txt"));
        assertEquals(documents.size(), search("a ball", 100).get("results").size(), "searches work again");
    }

    // ---- helpers: everything below is independent of VectorSearch

    private static JsonNode search(String query, Object k) throws Exception {
        return json(template.requestBodyAndHeader("direct:search", query, VectorSearch.TOP_K, k, String.class));
    }

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    private static float[] embed(String text) {
        return template.requestBody("llm:embed", text, float[].class);
    }

    private static double cosine(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * (double) b[i];
            aa += a[i] * (double) a[i];
            bb += b[i] * (double) b[i];
        }
        return dot / Math.sqrt(aa * bb);
    }

    private record Row(String name, String content, String model, int dimension, float[] vector) {}

    private static Map<String, Row> storedRows() throws Exception {
        Map<String, Row> rows = new LinkedHashMap<>();
        try (Connection c = index.getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT name, content, model, dimension, embedding FROM documents");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                byte[] bytes = r.getBytes(5);
                float[] vector = new float[bytes.length / 4];
                ByteBuffer.wrap(bytes)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer()
                        .get(vector);
                rows.put(r.getString(1), new Row(r.getString(1), r.getString(2), r.getString(3), r.getInt(4), vector));
            }
        }
        return rows;
    }

    private static void insert(String name, String model, float[] vector) throws Exception {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        try (Connection c = index.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO documents (name, content, model, dimension, embedding) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, name);
            s.setString(2, "inserted by the test");
            s.setString(3, model);
            s.setInt(4, vector.length);
            s.setBytes(5, bytes.array());
            s.executeUpdate();
        }
    }

    private static void execute(String sql, String parameter) throws Exception {
        try (Connection c = index.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            s.executeUpdate();
        }
    }
}
