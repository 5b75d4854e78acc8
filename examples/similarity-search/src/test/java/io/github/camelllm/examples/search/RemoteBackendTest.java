package io.github.camelllm.examples.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
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
 * The shipped routes, unchanged, pointed at an OpenAI-compatible server by settings only
 * ({@code search.backend=openai}, {@code search.base-url}, {@code search.model}). The server is the project's
 * openai-server route template serving the bundled demo model on loopback, so its vectors must be the ones
 * {@code llm:embed} computes in-process, and the rankings the same.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteBackendTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Main server;
    private static CamelContext client;
    private static ProducerTemplate template;
    private static DataSource index;
    private static Map<String, String> documents;
    private static Map<String, float[]> documentVectors;

    @BeforeAll
    static void start() throws Exception {
        documents = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(Path.of("documents"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                documents.put(
                        file.getFileName().toString(), Files.readString(file).strip());
            }
        }

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = new Main();
        server.addOverrideProperty("camel.main.name", "openai-server");
        server.addOverrideProperty(
                "camel.main.routes-include-pattern",
                "classpath:camel-llm/openai-server.camel.yaml,classpath:openai-server/server.camel.yaml");
        server.addOverrideProperty("camel.server.enabled", "true");
        server.addOverrideProperty("camel.server.host", "127.0.0.1");
        server.addOverrideProperty("camel.server.port", String.valueOf(port));
        server.addOverrideProperty("camel.main.shutdown-timeout", "5");
        // one llama.cpp thread: the tests share two cores with other builds, where several spin-waiting worker
        // threads per model slow every embedding down; the vectors compared are all computed by one thread
        server.addOverrideProperty("camel.component.llm.threads", "1");
        server.start();

        Properties props = new Properties();
        try (InputStream in = RemoteBackendTest.class.getResourceAsStream("/application.properties")) {
            props.load(in);
        }
        props.put(
                "search.jdbc-url",
                "jdbc:h2:mem:remote-test;DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:db/schema.sql'");
        props.put("search.poll-delay", "200");
        // the only change: where the vectors come from
        props.put("search.backend", "openai");
        props.put("search.base-url", "http://127.0.0.1:" + port + "/v1");
        props.put("search.model", "stories");
        client = new DefaultCamelContext();
        client.getPropertiesComponent().setInitialProperties(props);
        LlmComponent llm = new LlmComponent();
        llm.getConfiguration().setThreads(1);
        client.addComponent("llm", llm);
        PluginHelper.getRoutesLoader(client)
                .loadRoutes(ResourceHelper.resolveMandatoryResource(client, "classpath:routes/search.camel.yaml"));
        client.start();
        template = client.createProducerTemplate();
        index = client.getRegistry().lookupByNameAndType("searchIndex", DataSource.class);
        documentVectors = new LinkedHashMap<>();
        documents.forEach((name, text) -> documentVectors.put(name, localEmbedding(text)));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (storedVectors().size() < documents.size()) {
            if (System.nanoTime() > deadline) {
                fail("indexed over the remote backend: " + storedVectors().keySet() + " of " + documents.keySet());
            }
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void theIndexHoldsTheServersVectorsUnderItsModelName() throws Exception {
        Map<String, float[]> stored = storedVectors();
        assertEquals(documents.keySet(), stored.keySet());
        for (var document : documents.entrySet()) {
            float[] inProcess = documentVectors.get(document.getKey());
            assertEquals(64, inProcess.length);
            assertArrayEquals(inProcess, stored.get(document.getKey()), 1e-6f, document.getKey());
        }
        try (Connection c = index.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT DISTINCT model FROM documents")) {
            r.next();
            assertEquals("stories", r.getString(1), "the model name the server reports");
        }
    }

    @Test
    void theRankingIsTheOneOfInProcessEmbeddings() throws Exception {
        List<String> queries = new ArrayList<>(List.of("The sleepy cat curled up on the bed.", "a boat on the river"));
        queries.add(documents.values().iterator().next());
        for (String query : queries) {
            JsonNode answer = MAPPER.readTree(template.requestBodyAndHeader(
                    "direct:search", query, VectorSearch.TOP_K, documents.size(), String.class));
            assertEquals("stories", answer.get("model").asText());

            float[] q = localEmbedding(query);
            List<Map.Entry<String, Double>> expected = new ArrayList<>();
            for (var document : documentVectors.entrySet()) {
                expected.add(Map.entry(document.getKey(), cosine(q, document.getValue())));
            }
            expected.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()));

            JsonNode results = answer.get("results");
            assertEquals(expected.size(), results.size());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(
                        expected.get(i).getKey(), results.get(i).get("document").asText(), query + ": " + results);
                assertEquals(
                        expected.get(i).getValue(), results.get(i).get("score").asDouble(), 1e-6);
            }
        }
    }

    private static float[] localEmbedding(String text) {
        return template.requestBody("llm:embed?backend=local", text, float[].class);
    }

    private static double cosine(float[] a, float[] b) {
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

    private static Map<String, float[]> storedVectors() throws Exception {
        Map<String, float[]> vectors = new LinkedHashMap<>();
        try (Connection c = index.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT name, embedding FROM documents")) {
            while (r.next()) {
                byte[] bytes = r.getBytes(2);
                float[] vector = new float[bytes.length / 4];
                ByteBuffer.wrap(bytes)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer()
                        .get(vector);
                vectors.put(r.getString(1), vector);
            }
        }
        return vectors;
    }
}
