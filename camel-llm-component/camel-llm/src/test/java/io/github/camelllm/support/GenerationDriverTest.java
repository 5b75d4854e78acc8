package io.github.camelllm.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.camelllm.spi.LlmCancelledException;
import io.github.camelllm.spi.LlmChunk;
import io.github.camelllm.spi.LlmException;
import io.github.camelllm.spi.LlmTimeoutException;

/** The generation state machine against a real source fed from a queue, with readers and closers on other threads. */
@Timeout(60)
class GenerationDriverTest {

    private static final String URL = "http://127.0.0.1:1/v1/chat/completions";

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        timer.shutdownNow();
        threads.shutdownNow();
    }

    private static GenerationDriver driver(QueueSource source, long timeoutMillis, int maxTokens) {
        return new GenerationDriver(source, System.nanoTime(), timeoutMillis, maxTokens);
    }

    private static <T extends Throwable> T failure(Future<?> reader, Class<T> type) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> reader.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(type, e.getCause());
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(10);
        }
    }

    private static List<LlmChunk> readAll(GenerationDriver driver) {
        List<LlmChunk> chunks = new ArrayList<>();
        while (driver.hasNext()) {
            chunks.add(driver.next());
        }
        return chunks;
    }

    @Test
    void deltasBecomeChunksAndTheEndBecomesTheLastChunk() {
        QueueSource source = new QueueSource(true, URL)
                .deliver(
                        GenerationPiece.delta("Hel"),
                        GenerationPiece.delta(""),
                        GenerationPiece.delta("lo"),
                        GenerationPiece.end(null, 4, null));
        GenerationDriver driver = driver(source, 0, 3);
        List<LlmChunk> chunks = readAll(driver);
        assertEquals(3, chunks.size());
        assertEquals("Hel", chunks.get(0).getText());
        assertEquals(0, chunks.get(0).getIndex());
        assertFalse(chunks.get(0).isLast());
        assertEquals("lo", chunks.get(1).getText());
        assertEquals(1, chunks.get(1).getIndex());
        LlmChunk last = chunks.get(2);
        assertTrue(last.isLast());
        assertEquals(2, last.getIndex());
        assertEquals("", last.getText());
        assertEquals(4, last.getInputTokens());
        assertEquals(3, last.getOutputTokens(), "the empty delta counts as output");
        assertEquals("length", last.getFinishReason(), "3 pieces reached maxTokens 3");
        assertThrows(NoSuchElementException.class, driver::next);
        driver.close();
        driver.close();
        assertEquals(1, source.releases.get());
        assertEquals(0, source.aborts.get(), "a finished generation is not aborted");
    }

    @Test
    void theEndsFinishReasonAndUsageWinOverTheCounts() {
        QueueSource below =
                new QueueSource(true, URL).deliver(GenerationPiece.delta("a"), GenerationPiece.end(null, null, null));
        LlmChunk stop = readAll(driver(below, 0, 10)).get(1);
        assertEquals("stop", stop.getFinishReason());
        assertNull(stop.getInputTokens());
        assertEquals(1, stop.getOutputTokens());

        QueueSource given = new QueueSource(true, URL)
                .deliver(GenerationPiece.delta("a"), GenerationPiece.end("content_filter", 9, 7));
        LlmChunk last = readAll(driver(given, 0, -1)).get(1);
        assertEquals("content_filter", last.getFinishReason());
        assertEquals(9, last.getInputTokens());
        assertEquals(7, last.getOutputTokens());
    }

    @Test
    void aFinalPieceCountsAsOutputButHeldBackTextDoesNot() {
        QueueSource ollama = new QueueSource(true, null)
                .deliver(GenerationPiece.end("stop", 2, null).withFinalPiece("done"));
        LlmChunk piece = readAll(driver(ollama, 0, -1)).get(0);
        assertEquals("done", piece.getText());
        assertEquals(1, piece.getOutputTokens());
        assertNotNull(piece.getTimeToFirstTokenMs(), "the final piece is the first output");

        QueueSource local = new QueueSource(false, null)
                .deliver(
                        GenerationPiece.delta("a"),
                        GenerationPiece.delta(""),
                        GenerationPiece.end(null, 2, null).withHeldBackText("b"));
        List<LlmChunk> chunks = readAll(driver(local, 0, 50));
        assertEquals(List.of("a", "b"), chunks.stream().map(LlmChunk::getText).toList());
        assertEquals(2, chunks.get(1).getOutputTokens(), "held-back text belongs to tokens already counted");
        assertEquals("stop", chunks.get(1).getFinishReason());
    }

    @Test
    void theLastChunkTimesTheFirstPieceAndTheEndFromTheRequest() throws Exception {
        QueueSource source = new QueueSource(true, URL);
        GenerationDriver driver = driver(source, 0, -1);
        threads.submit(() -> {
            Thread.sleep(200);
            source.deliver(GenerationPiece.delta("a"));
            Thread.sleep(200);
            source.deliver(GenerationPiece.end(null, 1, null));
            return null;
        });
        List<LlmChunk> chunks = readAll(driver);
        LlmChunk last = chunks.get(chunks.size() - 1);
        assertTrue(last.getTimeToFirstTokenMs() >= 200, "time to first piece " + last.getTimeToFirstTokenMs());
        assertTrue(last.getGenerationMs() >= 400, "generation " + last.getGenerationMs());
        assertTrue(last.getTimeToFirstTokenMs() <= last.getGenerationMs());
        assertNotNull(last.getTokensPerSecond());

        QueueSource empty = new QueueSource(true, URL).deliver(GenerationPiece.end(null, 1, 0));
        assertNull(readAll(driver(empty, 0, -1)).get(0).getTimeToFirstTokenMs(), "no piece, no time to the first");
    }

    @Test
    void aTimeoutWakesAReaderBlockedInTheSource() throws Exception {
        QueueSource source = new QueueSource(true, URL).deliver(GenerationPiece.delta("a"));
        long start = System.nanoTime();
        GenerationDriver driver = new GenerationDriver(source, start, 300, -1);
        driver.enforceDeadline(timer);
        assertEquals("a", driver.next().getText());
        Future<LlmChunk> reader = threads.submit(driver::next);
        LlmTimeoutException e = failure(reader, LlmTimeoutException.class);
        assertTrue(millisSince(start) >= 290, "the deadline counts from the request");
        assertEquals(
                "generation with model tiny at " + URL
                        + " exceeded the timeout of 300 ms after 1 pieces and was cancelled",
                e.getMessage(),
                "the timeout, not the closed stream it caused");
        assertFalse(driver.hasNext());
        assertThrows(LlmTimeoutException.class, driver::next);
        assertEquals(1, source.aborts.get());
        assertEquals(1, source.releases.get());
    }

    @Test
    void aGenerationCutByItsTimeoutReportsTheTimeoutInsteadOfLookingComplete() throws Exception {
        QueueSource source = new QueueSource(true, URL).deliver(GenerationPiece.delta("never read"));
        GenerationDriver driver = driver(source, 200, -1);
        driver.enforceDeadline(timer);
        waitFor(() -> source.releases.get() == 1, "the deadline released the abandoned generation");
        assertEquals(1, source.aborts.get());
        assertTrue(driver.hasNext(), "the timeout is still to be reported");
        assertThrows(LlmTimeoutException.class, driver::next);
        assertFalse(driver.hasNext());
        assertEquals(0, source.reads.get());
        assertEquals(1, source.releases.get());
    }

    @Test
    void aDeadlinePassedBetweenReadsIsReportedWithoutATimer() {
        QueueSource source = new QueueSource(false, null).deliver(GenerationPiece.delta("late"));
        GenerationDriver driver =
                new GenerationDriver(source, System.nanoTime() - TimeUnit.SECONDS.toNanos(1), 500, -1);
        LlmTimeoutException e = assertThrows(LlmTimeoutException.class, driver::next);
        assertEquals(
                "generation with model tiny exceeded the timeout of 500 ms after 0 pieces and was cancelled",
                e.getMessage());
        assertEquals(0, source.reads.get());
        assertEquals(1, source.aborts.get(), "the generation still ran: it is stopped");
        assertEquals(1, source.releases.get());
    }

    @Test
    void aReadReturningAfterTheDeadlineEndsInATimeout() throws Exception {
        QueueSource source = new QueueSource(false, null);
        GenerationDriver driver = driver(source, 300, -1);
        Future<LlmChunk> reader = threads.submit(driver::next);
        source.awaitReads(1);
        Thread.sleep(500);
        source.deliver(GenerationPiece.delta("too late"));
        failure(reader, LlmTimeoutException.class);
        assertEquals(1, source.aborts.get());
        assertFalse(source.abortedDuringRead.get());
        assertEquals(1, source.releases.get());
    }

    @Test
    void closeFromOtherThreadsWakesABlockedReaderWithACancellation() throws Exception {
        QueueSource source = new QueueSource(true, URL).deliver(GenerationPiece.delta("a"));
        GenerationDriver driver = driver(source, 0, -1);
        assertEquals("a", driver.next().getText());
        Future<LlmChunk> reader = threads.submit(driver::next);
        source.awaitReads(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> closers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            closers.add(threads.submit(() -> {
                go.await();
                driver.close();
                return null;
            }));
        }
        long t0 = System.nanoTime();
        go.countDown();
        LlmCancelledException e = failure(reader, LlmCancelledException.class);
        assertTrue(millisSince(t0) < 5000);
        for (Future<?> closer : closers) {
            closer.get(10, TimeUnit.SECONDS);
        }
        assertEquals(
                "generation with model tiny at " + URL + " was cancelled after 1 pieces",
                e.getMessage(),
                "the cancellation, not the closed stream it caused");
        assertFalse(driver.hasNext());
        assertThrows(LlmCancelledException.class, driver::next);
        driver.close();
        assertEquals(1, source.aborts.get());
        assertEquals(1, source.releases.get());
        assertFalse(source.readAfterRelease.get());
    }

    @Test
    void closeBeforeTheFirstReadCancelsWithoutReading() {
        QueueSource source = new QueueSource(true, URL).deliver(GenerationPiece.delta("a"));
        GenerationDriver driver = driver(source, 0, -1);
        driver.close();
        assertFalse(driver.hasNext());
        LlmCancelledException e = assertThrows(LlmCancelledException.class, driver::next);
        assertTrue(e.getMessage().endsWith("was cancelled after 0 pieces"), e.getMessage());
        assertEquals(0, source.reads.get());
        assertEquals(1, source.aborts.get());
        assertEquals(1, source.releases.get());
    }

    @Test
    void aSourceThatCannotBeAbortedWhileReadingIsAbortedByItsReader() throws Exception {
        QueueSource source = new QueueSource(false, null);
        GenerationDriver driver = driver(source, 0, -1);
        Future<LlmChunk> reader = threads.submit(driver::next);
        source.awaitReads(1);
        driver.close();
        assertFalse(driver.hasNext(), "closed");
        Thread.sleep(200);
        assertEquals(0, source.aborts.get(), "no abort while the reader waits for its token");
        assertEquals(0, source.releases.get(), "the slot is held until the reader is out of the source");
        source.deliver(GenerationPiece.delta("x"));
        failure(reader, LlmCancelledException.class);
        assertEquals(1, source.aborts.get());
        assertFalse(source.abortedDuringRead.get());
        assertNotSame(Thread.currentThread(), source.abortedBy, "the reading thread aborted");
        assertEquals(1, source.releases.get());
        driver.close();
        assertEquals(1, source.releases.get());
    }

    @Test
    void aFailureNobodyCausedIsThrownAsTheSourceReportedIt() {
        QueueSource source = new QueueSource(true, URL).deliver(GenerationPiece.delta("a"));
        LlmException broken = new LlmException("the stream broke");
        source.fail(broken);
        GenerationDriver driver = driver(source, 0, -1);
        driver.next();
        assertSame(broken, assertThrows(LlmException.class, driver::next));
        assertFalse(driver.hasNext());
        assertThrows(NoSuchElementException.class, driver::next);
        driver.close();
        assertEquals(0, source.aborts.get());
        assertEquals(1, source.releases.get());
    }

    @Test
    void theDeadlineLeavesAFinishedGenerationAlone() throws Exception {
        QueueSource source =
                new QueueSource(true, URL).deliver(GenerationPiece.delta("a"), GenerationPiece.end("stop", 1, 1));
        GenerationDriver driver = driver(source, 200, -1);
        driver.enforceDeadline(timer);
        assertEquals(2, readAll(driver).size());
        Thread.sleep(400);
        assertFalse(driver.hasNext());
        assertThrows(NoSuchElementException.class, driver::next);
        assertEquals(0, source.aborts.get());
        assertEquals(1, source.releases.get());
    }

    @Test
    void noTimeLeftAtTheStartFailsAndReleases() {
        QueueSource late = new QueueSource(true, null);
        GenerationDriver driver = new GenerationDriver(late, System.nanoTime() - TimeUnit.SECONDS.toNanos(1), 100, -1);
        LlmTimeoutException e = assertThrows(LlmTimeoutException.class, driver::requireTimeLeftAtStart);
        assertEquals(
                "generation with model tiny exceeded the timeout of 100 ms before the server started answering",
                e.getMessage());
        assertEquals(1, late.releases.get());
        assertEquals(0, late.aborts.get());

        QueueSource inTime = new QueueSource(true, null);
        driver(inTime, 60_000, -1).requireTimeLeftAtStart();
        driver(inTime, 0, -1).requireTimeLeftAtStart();
        assertEquals(0, inTime.releases.get());
    }

    @Test
    void inputTokensAreWhatTheSourceKnows() {
        QueueSource source = new QueueSource(true, URL);
        GenerationDriver driver = driver(source, 0, -1);
        assertEquals(-1, driver.inputTokens());
        source.inputTokens = 12;
        assertEquals(12, driver.inputTokens());
    }
}
