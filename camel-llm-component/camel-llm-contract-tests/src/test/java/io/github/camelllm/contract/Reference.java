package io.github.camelllm.contract;

import java.util.HashMap;
import java.util.Map;

/** Answers of the bundled model computed in-process, once: what every backend must reproduce. */
final class Reference {

    private static String chat;
    private static final Map<String, float[]> EMBEDDINGS = new HashMap<>();

    private Reference() {}

    static synchronized String chat() {
        if (chat == null) {
            try (Routes r = Routes.start("""
                    - route:
                        from:
                          uri: "direct:chat"
                          steps:
                            - to: { uri: "llm:chat", parameters: { backend: local, chatTemplate: chatml, maxTokens: 24, temperature: 0 } }
                    """)) {
                chat = r.template.requestBody("direct:chat", "Tell me a story", String.class);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return chat;
    }

    static synchronized float[] embedding(String text) {
        return EMBEDDINGS.computeIfAbsent(text, t -> {
            try (Routes r = Routes.start("""
                    - route:
                        from:
                          uri: "direct:embed"
                          steps:
                            - to: { uri: "llm:embed", parameters: { backend: local } }
                    """)) {
                return r.template.requestBody("direct:embed", t, float[].class);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
