package io.github.camelllm.examples.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelllm.spi.LlmCallInfo;
import io.github.camelllm.spi.LlmObserver;

/**
 * Runs the shipped route, routes/enrich.camel.yaml, against an embedded single-node KRaft broker with the bundled
 * demo model, and checks that every record comes out exactly once: enriched on the output topic, or unchanged on the
 * dead-letter topic.
 */
class EnrichmentPipelineTest {

    private static final int RECORDS = 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> CATEGORIES = Set.of("billing", "shipping", "technical", "other");

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyRecordIsEnrichedOrDeadLetteredExactlyOnce() throws Exception {
        Topics topics = new Topics("single", 2);
        String malformedKey = key(7);
        Map<String, String> sent = produce(topics.in, malformedKey);

        try (CamelContext pipeline = pipeline(topics, "enricher-1")) {
            pipeline.start();
            Map<String, ConsumerRecord<String, String>> out = new HashMap<>();
            Map<String, ConsumerRecord<String, String>> dlq = new HashMap<>();
            drain(topics, RECORDS, out, dlq);

            assertEquals(RECORDS - 1, out.size(), "enriched records: " + out.keySet());
            assertEquals(Set.of(malformedKey), dlq.keySet());
            for (var entry : out.entrySet()) {
                JsonNode record = MAPPER.readTree(entry.getValue().value());
                JsonNode input = MAPPER.readTree(sent.get(entry.getKey()));
                assertEquals(input.get("text"), record.get("text"), "the record's own fields are kept");
                assertEquals(input.get("id"), record.get("id"));
                assertEnrichment(record.get("enrichment"), entry.getValue().value());
                assertEquals("enricher-1", header(entry.getValue(), "enrich-instance"));
            }
            ConsumerRecord<String, String> dead = dlq.get(malformedKey);
            assertEquals(sent.get(malformedKey), dead.value(), "the dead letter is the original record");
            String error = header(dead, "enrich-error");
            assertNotNull(error, "the error header is set");
            assertTrue(error.contains("not valid JSON"), error);
            assertEquals(RecordEnricher.InvalidRecordException.class.getName(), header(dead, "enrich-error-type"));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void twoInstancesInOneGroupShareThePartitions() throws Exception {
        Topics topics = new Topics("scaled", 4);
        try (CamelContext first = pipeline(topics, "enricher-a");
                CamelContext second = pipeline(topics, "enricher-b")) {
            first.start();
            second.start();
            awaitGroupOfTwo(topics.group);

            Map<String, String> sent = produce(topics.in, null);
            Map<String, ConsumerRecord<String, String>> out = new HashMap<>();
            Map<String, ConsumerRecord<String, String>> dlq = new HashMap<>();
            drain(topics, RECORDS, out, dlq);

            assertEquals(sent.keySet(), out.keySet());
            assertTrue(dlq.isEmpty(), "dead letters: " + dlq.keySet());
            Map<String, Integer> perInstance = new HashMap<>();
            for (ConsumerRecord<String, String> record : out.values()) {
                perInstance.merge(header(record, "enrich-instance"), 1, Integer::sum);
                assertEnrichment(MAPPER.readTree(record.value()).get("enrichment"), record.value());
            }
            assertEquals(
                    Set.of("enricher-a", "enricher-b"), perInstance.keySet(), "records per instance: " + perInstance);
            assertEquals(
                    RECORDS,
                    perInstance.values().stream().mapToInt(Integer::intValue).sum());
        }
    }

    /** Counts what the model really did and what the response cache answered. */
    static final class ModelCalls implements LlmObserver {
        final AtomicInteger generations = new AtomicInteger();
        final AtomicInteger cacheHits = new AtomicInteger();

        @Override
        public void onGeneration(LlmCallInfo info) {
            generations.incrementAndGet();
        }

        @Override
        public void onCacheHit(LlmCallInfo info) {
            cacheHits.incrementAndGet();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aReplayedTopicIsEnrichedFromTheCacheWithIdenticalOutput() throws Exception {
        int records = 6;
        Topics topics = new Topics("replay", 2);
        Map<String, String> sent = new LinkedHashMap<>();
        for (int i = 0; i < records; i++) {
            sent.put(
                    key(i),
                    MAPPER.createObjectNode()
                            .put("id", i)
                            .put("text", TEXTS[i % TEXTS.length] + " (ticket " + i + ")")
                            .toString());
        }
        produceAll(topics.in, sent);
        ModelCalls calls = new ModelCalls();
        try (CamelContext pipeline = pipeline(topics, "enricher-1")) {
            pipeline.getRegistry().bind("modelCalls", calls);
            pipeline.start();
            List<ConsumerRecord<String, String>> firstPass = readOutput(topics.out, records);
            assertEquals(records, calls.generations.get(), "every record was enriched by the model");
            assertEquals(0, calls.cacheHits.get());
            firstPass.forEach(r -> assertEquals("false", header(r, "enrich-cache-hit"), r.key()));

            // the same records delivered again: the route stops, the group's offsets go back to the start, it resumes
            pipeline.getRouteController().stopRoute("enrich");
            rewind(topics);
            pipeline.getRouteController().startRoute("enrich");

            List<ConsumerRecord<String, String>> both = readOutput(topics.out, 2 * records);
            assertEquals(records, calls.generations.get(), "the replay did not run the model");
            assertEquals(records, calls.cacheHits.get(), "every replayed record was answered from the cache");
            Map<String, ConsumerRecord<String, String>> fresh = new HashMap<>();
            Map<String, ConsumerRecord<String, String>> cached = new HashMap<>();
            for (ConsumerRecord<String, String> r : both) {
                Map<String, ConsumerRecord<String, String>> target =
                        "true".equals(header(r, "enrich-cache-hit")) ? cached : fresh;
                assertNull(
                        target.put(r.key(), r), "record " + r.key() + " came out twice with the same cache-hit header");
            }
            assertEquals(sent.keySet(), fresh.keySet());
            assertEquals(sent.keySet(), cached.keySet());
            for (String key : sent.keySet()) {
                assertEquals(fresh.get(key).value(), cached.get(key).value(), "the replay of " + key + " is identical");
                assertEnrichment(
                        MAPPER.readTree(cached.get(key).value()).get("enrichment"),
                        cached.get(key).value());
            }
        }
    }

    /** Records when each generation ran, to see how many ran at the same time. */
    static final class InFlight implements LlmObserver {
        final List<long[]> intervals = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicInteger failures = new AtomicInteger();

        @Override
        public void onGeneration(LlmCallInfo info) {
            long end = System.nanoTime();
            intervals.add(new long[] {end - TimeUnit.MILLISECONDS.toNanos(info.durationMs()), end});
            if (info.failed()) {
                failures.incrementAndGet();
            }
        }

        /** The largest number of generations that overlapped in time (intervals touching within 1 ms do not count). */
        int maxConcurrent() {
            List<long[]> events = new ArrayList<>();
            long slack = TimeUnit.MILLISECONDS.toNanos(1);
            for (long[] i : intervals) {
                events.add(new long[] {i[0] + slack, 1});
                events.add(new long[] {i[1], -1});
            }
            events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            int now = 0;
            int max = 0;
            for (long[] e : events) {
                now += (int) e[1];
                max = Math.max(max, now);
            }
            return max;
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aBusyModelSlowsTheConsumerInsteadOfPilingUpRequests() throws Exception {
        Topics topics = new Topics("backpressure", 4);
        Map<String, String> sent = produce(topics.in, null);
        InFlight inFlight = new InFlight();
        // two consumer threads and two model slots; the records arrive all at once, faster than the model answers
        try (CamelContext pipeline = pipeline(
                topics,
                "enricher-1",
                Map.of(
                        "enrich.consumers-count",
                        "2",
                        "enrich.cache-enabled",
                        "false",
                        "enrich.max-poll-records",
                        "10"))) {
            pipeline.getRegistry().bind("inFlight", inFlight);
            pipeline.start();
            Map<String, ConsumerRecord<String, String>> out = new HashMap<>();
            Map<String, ConsumerRecord<String, String>> dlq = new HashMap<>();
            drain(topics, RECORDS, out, dlq);

            assertEquals(sent.keySet(), out.keySet());
            assertTrue(dlq.isEmpty(), "nothing timed out waiting for a slot or failed: " + dlq.keySet());
            assertEquals(RECORDS, inFlight.intervals.size(), "one generation per record");
            assertEquals(0, inFlight.failures.get(), "no generation failed (no queue timeout)");
            int max = inFlight.maxConcurrent();
            assertTrue(max >= 1 && max <= 2, "at most one generation per consumer thread ran at a time, got " + max);
        }
    }

    /** Sets the group's committed offsets of the input topic back to 0; the group must have no member. */
    private static void rewind(Topics topics) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            for (var p : admin.describeTopics(List.of(topics.in))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get(topics.in)
                    .partitions()) {
                start.put(new TopicPartition(topics.in, p.partition()), new OffsetAndMetadata(0));
            }
            while (true) {
                try {
                    admin.alterConsumerGroupOffsets(topics.group, start).all().get(10, TimeUnit.SECONDS);
                    return;
                } catch (java.util.concurrent.ExecutionException e) {
                    // the stopped consumer may still be leaving the group
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    /** Reads the output topic from the beginning until {@code expected} records have arrived. */
    private static List<ConsumerRecord<String, String>> readOutput(String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
            while (read.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        assertEquals(expected, read.size(), "records on " + topic);
        return read;
    }

    private static void assertEnrichment(JsonNode enrichment, String record) {
        assertNotNull(enrichment, "no enrichment in " + record);
        assertTrue(enrichment.isObject(), record);
        assertTrue(CATEGORIES.contains(enrichment.path("category").asText()), record);
        assertTrue(enrichment.path("summary").isTextual(), record);
    }

    /** The topics and group of one test, unique so that tests sharing the broker do not see each other's records. */
    private static final class Topics {
        final String in;
        final String out;
        final String dlq;
        final String group;

        Topics(String name, int partitions) throws Exception {
            in = name + "-in";
            out = name + "-out";
            dlq = name + "-dlq";
            group = name + "-group";
            Map<String, Integer> all = new LinkedHashMap<>();
            all.put(in, partitions);
            all.put(out, partitions);
            all.put(dlq, 1);
            broker.createTopics(all);
        }
    }

    private static CamelContext pipeline(Topics topics, String instance) throws Exception {
        return pipeline(topics, instance, Map.of());
    }

    private static CamelContext pipeline(Topics topics, String instance, Map<String, String> settings)
            throws Exception {
        Properties props = new Properties();
        try (InputStream in = EnrichmentPipelineTest.class.getResourceAsStream("/application.properties")) {
            props.load(in);
        }
        props.put("kafka.brokers", broker.bootstrapServers());
        props.put("enrich.in", topics.in);
        props.put("enrich.out", topics.out);
        props.put("enrich.dlq", topics.dlq);
        props.put("enrich.group", topics.group);
        props.put("enrich.instance", instance);
        props.putAll(settings);
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(props);
        PluginHelper.getRoutesLoader(context)
                .loadRoutes(ResourceHelper.resolveMandatoryResource(context, "classpath:routes/enrich.camel.yaml"));
        return context;
    }

    private static String key(int i) {
        return String.format("ticket-%02d", i);
    }

    private static final String[] TEXTS = {
        "I was charged twice for my order, please refund one payment.",
        "My parcel has not arrived after two weeks.",
        "The app crashes when I open the settings page.",
        "Can I change the e-mail address of my account?",
    };

    /** Sends RECORDS records keyed ticket-00 ...; the one with malformedKey is not JSON. */
    private static Map<String, String> produce(String topic, String malformedKey) throws Exception {
        Map<String, String> sent = new LinkedHashMap<>();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < RECORDS; i++) {
                String key = key(i);
                String value = key.equals(malformedKey)
                        ? "{\"id\": " + i + ", \"text\": \"truncated"
                        : MAPPER.createObjectNode()
                                .put("id", i)
                                .put("text", TEXTS[i % TEXTS.length])
                                .toString();
                producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
                sent.put(key, value);
            }
        }
        return sent;
    }

    private static void produceAll(String topic, Map<String, String> records) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (var record : records.entrySet()) {
                producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue()))
                        .get(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Reads the output and dead-letter topics from the beginning until {@code expected} records have arrived, then
     * keeps reading for a moment to catch duplicates. A key seen twice fails the test.
     */
    private static void drain(
            Topics topics,
            int expected,
            Map<String, ConsumerRecord<String, String>> out,
            Map<String, ConsumerRecord<String, String>> dlq)
            throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(topics.out, topics.dlq)) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, ConsumerRecord<String, String>> target =
                            record.topic().equals(topics.dlq) ? dlq : out;
                    if (out.containsKey(record.key()) || dlq.containsKey(record.key())) {
                        fail("record " + record.key() + " arrived twice (again on " + record.topic() + ")");
                    }
                    target.put(record.key(), record);
                }
                if (settleUntil == Long.MAX_VALUE && out.size() + dlq.size() >= expected) {
                    settleUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                }
            }
            assertEquals(
                    expected,
                    out.size() + dlq.size(),
                    "records that came out: " + out.keySet() + " and dead-lettered: " + dlq.keySet());
        }
    }

    /** Waits until the group has two members and each has been assigned partitions. */
    private static void awaitGroupOfTwo(String group) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Admin admin = broker.admin()) {
            ConsumerGroupDescription description = null;
            while (System.nanoTime() < deadline) {
                description = admin.describeConsumerGroups(List.of(group))
                        .all()
                        .get(10, TimeUnit.SECONDS)
                        .get(group);
                if (description.state() == ConsumerGroupState.STABLE
                        && description.members().size() == 2
                        && description.members().stream()
                                .allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                    return;
                }
                Thread.sleep(100);
            }
            fail("the group never had two members with partitions: " + description);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
