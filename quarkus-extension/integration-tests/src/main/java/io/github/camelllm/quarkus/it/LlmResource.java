package io.github.camelllm.quarkus.it;

import org.apache.camel.ProducerTemplate;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** HTTP front of the YAML routes in camel/routes.yaml. */
@Path("/llm")
@Consumes(MediaType.TEXT_PLAIN)
@Produces(MediaType.TEXT_PLAIN)
public class LlmResource {

    @Inject
    ProducerTemplate template;

    @POST
    @Path("/call")
    public String call(String prompt) {
        return template.requestBody("direct:call", prompt, String.class);
    }

    @POST
    @Path("/chat")
    public String chat(String message) {
        return template.requestBody("direct:chat", message, String.class);
    }

    /** {@code <cache hit>:<answer>} from an endpoint with the response cache on. */
    @POST
    @Path("/cached")
    public String cached(String prompt) {
        return template.requestBody("direct:cached", prompt, String.class);
    }

    @POST
    @Path("/embed")
    public String embed(String text) {
        return template.requestBody("direct:embed", text, String.class);
    }
}
