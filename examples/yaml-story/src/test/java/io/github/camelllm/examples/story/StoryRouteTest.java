package io.github.camelllm.examples.story;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/** The example's own YAML file, run as shipped, tells the bundled model's story. */
class StoryRouteTest {

    @Test
    void theShippedRouteTellsTheStory() throws Exception {
        CompletableFuture<Exchange> completed = new CompletableFuture<>();
        try (CamelContext context = new DefaultCamelContext()) {
            context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
                @Override
                public void notify(CamelEvent event) {
                    if (event instanceof CamelEvent.ExchangeCompletedEvent done) {
                        completed.complete(done.getExchange());
                    }
                }
            });
            PluginHelper.getRoutesLoader(context)
                    .loadRoutes(ResourceHelper.resolveMandatoryResource(context, "classpath:routes/story.camel.yaml"));
            context.start();
            Exchange story = completed.get(30, TimeUnit.SECONDS);
            assertNull(story.getException());
            String text = story.getMessage().getBody(String.class);
            assertTrue(
                    text.startsWith(", there was a little girl named Lily. She loved to play outside in the park."),
                    text);
            assertEquals(64, story.getMessage().getHeader("CamelLlmOutputTokens"));
            assertEquals("length", story.getMessage().getHeader("CamelLlmFinishReason"));
        }
    }
}
