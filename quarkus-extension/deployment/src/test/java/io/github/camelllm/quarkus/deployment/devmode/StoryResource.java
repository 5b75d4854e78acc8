package io.github.camelllm.quarkus.deployment.devmode;

import org.apache.camel.ProducerTemplate;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** The dev-mode test's application: sends the body to the YAML route and prefixes the answer. */
@Path("/story")
public class StoryResource {

    @Inject
    ProducerTemplate template;

    @POST
    public String story(String prompt) {
        return "story:" + template.requestBody("direct:story", prompt, String.class);
    }
}
