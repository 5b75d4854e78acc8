package io.github.camelllm.examples.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The runnable application (what {@code exec:exec} starts) in-process: it must index the documents directory, run
 * the one query and print the ranking as JSON, or fail with a clear message and status 1.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SimilaritySearchAppTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicInteger RUNS = new AtomicInteger();

    @Test
    void printsTheRankingOfTheShippedDocuments() throws Exception {
        Path document;
        try (Stream<Path> files = Files.list(Path.of("documents"))) {
            document = files.filter(f -> f.toString().endsWith(".txt"))
                    .sorted()
                    .reduce((a, b) -> b)
                    .orElseThrow();
        }
        Run run = run(Files.readString(document), "2", "documents");
        assertEquals(0, run.status, run.toString());
        String out = run.out;
        JsonNode answer = MAPPER.readTree(out.substring(out.indexOf('{'), out.lastIndexOf('}') + 1));
        assertEquals(2, answer.get("results").size(), out);
        assertEquals(
                document.getFileName().toString(),
                answer.get("results").get(0).get("document").asText(),
                out);
        assertEquals(1.0, answer.get("results").get(0).get("score").asDouble(), 1e-5, out);
        try (Stream<Path> files = Files.list(Path.of("documents"))) {
            assertEquals(
                    files.filter(f -> f.toString().endsWith(".txt")).count(),
                    answer.get("documents").asLong(),
                    "the whole directory was indexed before the query ran: " + out);
        }
    }

    @Test
    void anEmptyQueryFailsWithTheReason() {
        Run run = run("  ", "3", "documents");
        assertEquals(1, run.status, run.toString());
        assertTrue(run.err.contains("search failed: the search query is empty"), run.toString());
    }

    @Test
    void aBadKFailsWithTheReason() {
        Run run = run("a ball", "three", "documents");
        assertEquals(1, run.status, run.toString());
        assertTrue(run.err.contains("search failed: topK must be a positive integer, got 'three'"), run.toString());
    }

    @Test
    void aDirectoryWithoutDocumentsFailsWithTheReason(@TempDir Path empty) {
        Run run = run("a ball", "3", empty.toString());
        assertEquals(1, run.status, run.toString());
        assertTrue(
                run.err.contains("no documents to index: " + empty.toAbsolutePath() + " has no .txt files"),
                run.toString());
    }

    private record Run(int status, String out, String err) {}

    private static Run run(String query, String k, String documents) {
        Properties overrides = new Properties();
        overrides.put("search.query", query);
        overrides.put("search.k", k);
        overrides.put("search.documents", documents);
        overrides.put("search.poll-delay", "200");
        // one llama.cpp thread: the tests share two cores with other builds, where several spin-waiting worker
        // threads per model slow every embedding down
        overrides.put("camel.component.llm.threads", "1");
        overrides.put(
                "search.jdbc-url",
                "jdbc:h2:mem:app-test-" + RUNS.incrementAndGet()
                        + ";DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:db/schema.sql'");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SimilaritySearchApp.run(
                overrides,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
