package io.github.camelllm.examples.search;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Runs the YAML routes of src/main/resources/routes with Camel Main, waits until the route {@code index-files} has
 * indexed the documents directory, sends one query ({@code search.query}, asking for {@code search.k} results, else
 * the route's default {@code search.top-k}) to {@code direct:search}, prints the JSON ranking and exits.
 * <p>
 * Settings come from application.properties, environment variables ({@code SEARCH_QUERY}) and system properties
 * ({@code -Dsearch.query=...}); Maven passes {@code -Dquery} and {@code -Dk} on as the latter.
 * <p>
 * It ends with {@code System.exit}: once llama.cpp has run, a native thread that is not a daemon keeps the JVM alive
 * after main returns (a known trait of java-llama.cpp 4.2.0).
 */
public final class SimilaritySearchApp {

    private static final String INDEX_ROUTE = "index-files";

    private SimilaritySearchApp() {}

    public static void main(String[] args) {
        System.exit(run(new Properties(), System.out, System.err));
    }

    /**
     * Indexes the documents, runs the query and prints the result to {@code out} (errors to {@code err}).
     *
     * @param overrides settings that win over application.properties, environment and system properties
     * @return the exit status: 0 when the ranking was printed, 1 otherwise
     */
    static int run(Properties overrides, PrintStream out, PrintStream err) {
        Main main = new Main(SimilaritySearchApp.class);
        main.setOverrideProperties(overrides);
        AtomicInteger status = new AtomicInteger(1);
        CountDownLatch indexed = new CountDownLatch(1);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeStart(BaseMainSupport support) {
                support.getCamelContext().getManagementStrategy().addEventNotifier(new IndexedNotifier(indexed));
            }

            @Override
            public void afterStart(BaseMainSupport support) {
                Thread search = new Thread(
                        () -> {
                            try {
                                status.set(search(support.getCamelContext(), indexed, out, err));
                            } finally {
                                main.completed();
                            }
                        },
                        "similarity-search");
                search.setDaemon(true);
                search.start();
            }
        });
        try {
            int exit = main.run(new String[0]);
            return exit != 0 ? exit : status.get();
        } catch (Exception e) {
            err.println("similarity search failed to start: " + e.getMessage());
            return 1;
        }
    }

    private static int search(CamelContext context, CountDownLatch indexed, PrintStream out, PrintStream err) {
        try {
            Path documents = Path.of(context.resolvePropertyPlaceholders("{{search.documents}}"));
            long files = countDocuments(documents);
            if (files == 0) {
                err.println("no documents to index: " + documents.toAbsolutePath() + " has no .txt files");
                return 1;
            }
            long timeout = Long.parseLong(context.resolvePropertyPlaceholders("{{search.index-timeout-seconds}}"));
            if (!indexed.await(timeout, TimeUnit.SECONDS)) {
                err.println("the documents in " + documents.toAbsolutePath() + " were not indexed within " + timeout
                        + " s");
                return 1;
            }
            String query = context.resolvePropertyPlaceholders("{{?search.query}}");
            String topK = context.resolvePropertyPlaceholders("{{?search.k}}");
            Exchange result = context.createFluentProducerTemplate()
                    .to("direct:search")
                    .withBody(query)
                    .withHeader(VectorSearch.TOP_K, topK == null || topK.isBlank() ? null : topK)
                    .send();
            if (result.getException() != null) {
                err.println("search failed: " + result.getException().getMessage());
                return 1;
            }
            out.println(result.getMessage().getBody(String.class));
            return 0;
        } catch (IOException | CamelExecutionException | IllegalArgumentException e) {
            err.println("search failed: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static long countDocuments(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException("the documents directory " + directory.toAbsolutePath() + " does not exist");
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f ->
                            Files.isRegularFile(f) && f.getFileName().toString().endsWith(".txt"))
                    .count();
        }
    }

    /** Opens the latch when the file consumer has handed the last file of its first scan to the route. */
    private static final class IndexedNotifier extends EventNotifierSupport {
        private final CountDownLatch indexed;

        IndexedNotifier(CountDownLatch indexed) {
            this.indexed = indexed;
        }

        @Override
        public void notify(CamelEvent event) {
            if ((event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent)
                    && INDEX_ROUTE.equals(
                            ((CamelEvent.ExchangeEvent) event).getExchange().getFromRouteId())
                    && ((CamelEvent.ExchangeEvent) event)
                            .getExchange()
                            .getProperty(Exchange.BATCH_COMPLETE, false, Boolean.class)) {
                indexed.countDown();
            }
        }
    }
}
