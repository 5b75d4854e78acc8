package io.github.camelllm.examples.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Runs routes/enrich.camel.yaml with Camel Main.
 * <p>
 * With {@code enrich.embedded-broker=true} (the default of the example) it first starts a single-node KRaft broker
 * inside this JVM and creates the topics. With {@code enrich.sample-records=true} it writes a few sample records to
 * the input topic, prints every record that arrives on the output and dead-letter topics, and stops once all of them
 * have come out (or after {@code enrich.run-timeout-seconds}). Otherwise it runs until it is stopped.
 * <p>
 * It ends with {@code System.exit}: once llama.cpp has run, a native thread that is not a daemon keeps the JVM alive
 * after main returns (a known trait of java-llama.cpp 4.2.0).
 */
public final class KafkaEnrichmentApp {

    static final List<String> SAMPLE_TEXTS = List.of(
            "I was charged twice for my order 1042, please refund one of the payments.",
            "My parcel was supposed to arrive on Monday and the tracking page has not changed since.",
            "The mobile app crashes every time I open the settings page.",
            "How do I change the e-mail address of my account?",
            "The invoice for March shows the wrong VAT number.",
            "Do you ship to Iceland?");

    private KafkaEnrichmentApp() {}

    public static void main(String[] args) throws Exception {
        Properties config = configuration();
        boolean embedded = Boolean.parseBoolean(config.getProperty("enrich.embedded-broker", "true"));
        boolean samples = Boolean.parseBoolean(config.getProperty("enrich.sample-records", "true"));
        String in = config.getProperty("enrich.in");
        String out = config.getProperty("enrich.out");
        String dlq = config.getProperty("enrich.dlq");

        EmbeddedKafkaBroker broker = null;
        int status = 1;
        try {
            String brokers = config.getProperty("kafka.brokers");
            if (embedded) {
                broker = EmbeddedKafkaBroker.start();
                brokers = broker.bootstrapServers();
                Map<String, Integer> topics = new LinkedHashMap<>();
                topics.put(in, 2);
                topics.put(out, 2);
                topics.put(dlq, 1);
                broker.createTopics(topics);
                System.out.println("Embedded Kafka broker (KRaft) listening on " + brokers);
            }

            Main main = new Main();
            main.addOverrideProperty("kafka.brokers", brokers);
            CountDownLatch outstanding = new CountDownLatch(0);
            if (samples) {
                Map<String, String> records = sampleRecords();
                outstanding = new CountDownLatch(records.size());
                produce(brokers, in, records);
                System.out.println("Produced " + records.size() + " records to " + in + " (one of them is not JSON)");
                main.configure().addRoutesBuilder(new PrintRoutes(outstanding));
                CountDownLatch done = outstanding;
                long timeout = Long.parseLong(config.getProperty("enrich.run-timeout-seconds", "120"));
                Thread watcher = new Thread(
                        () -> {
                            try {
                                if (!done.await(timeout, TimeUnit.SECONDS)) {
                                    System.out.println("Timed out after " + timeout + " s with " + done.getCount()
                                            + " record(s) still outstanding");
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            main.completed();
                        },
                        "enrichment-watcher");
                watcher.setDaemon(true);
                watcher.start();
            }
            status = main.run(args);
            if (samples && outstanding.getCount() > 0) {
                status = 1;
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
        System.exit(status);
    }

    /**
     * application.properties, overridden by environment variables ({@code enrich.in} by {@code ENRICH_IN}) and then
     * by system properties, the same precedence Camel's properties component applies to the routes.
     */
    private static Properties configuration() throws IOException {
        Properties config = new Properties();
        try (InputStream in = KafkaEnrichmentApp.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                config.load(in);
            }
        }
        for (String key : config.stringPropertyNames()) {
            String env = System.getenv(
                    key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'));
            if (env != null) {
                config.put(key, env);
            }
        }
        System.getProperties().forEach((k, v) -> config.put(k, v));
        return config;
    }

    private static Map<String, String> sampleRecords() {
        Map<String, String> records = new LinkedHashMap<>();
        for (int i = 0; i < SAMPLE_TEXTS.size(); i++) {
            String text = SAMPLE_TEXTS.get(i).replace("\"", "\\\"");
            records.put("ticket-" + (1001 + i), "{\"id\":" + (1001 + i) + ",\"text\":\"" + text + "\"}");
        }
        records.put("ticket-9999", "{\"id\": 9999, \"text\": \"this record was cut off");
        return records;
    }

    private static void produce(String brokers, String topic, Map<String, String> records) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (var record : records.entrySet()) {
                producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue()))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Prints what arrives on the output and dead-letter topics, counting down the outstanding records. */
    private static final class PrintRoutes extends RouteBuilder {
        private final CountDownLatch outstanding;

        PrintRoutes(CountDownLatch outstanding) {
            this.outstanding = outstanding;
        }

        @Override
        public void configure() {
            from("kafka:{{enrich.out}}?brokers={{kafka.brokers}}&groupId=kafka-enrichment-printer&autoOffsetReset=earliest")
                    .routeId("print-enriched")
                    .process(e -> print("enriched", e));
            from("kafka:{{enrich.dlq}}?brokers={{kafka.brokers}}&groupId=kafka-enrichment-printer&autoOffsetReset=earliest")
                    .routeId("print-dead-letters")
                    .process(e -> print("dead-lettered", e));
        }

        private void print(String what, Exchange exchange) {
            var message = exchange.getMessage();
            StringBuilder line = new StringBuilder()
                    .append(what)
                    .append(' ')
                    .append(message.getHeader(KafkaConstants.KEY))
                    .append(" (by ")
                    .append(text(message.getHeader("enrich-instance")))
                    .append("): ")
                    .append(message.getBody(String.class));
            Object error = message.getHeader("enrich-error");
            if (error != null) {
                line.append("\n    error: ").append(text(error));
            }
            System.out.println(line);
            outstanding.countDown();
        }

        private static String text(Object header) {
            return header instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(header);
        }
    }
}
