package io.github.camelllm.llamacpp;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void smoke() throws Exception {
        try (YamlRouteTestSupport r = YamlRouteTestSupport.start("""
                - route:
                    from:
                      uri: "direct:call"
                      steps:
                        - to: { uri: "llm:call", parameters: { maxTokens: 32, temperature: 0 } }
                - route:
                    from:
                      uri: "direct:embed"
                      steps:
                        - to: { uri: "llm:embed", parameters: { normalize: false } }
                """)) {
            Exchange ex = r.template.request("direct:call", e -> e.getMessage().setBody("Once upon a time"));
            if (ex.getException() != null) throw ex.getException();
            System.out.println("TEXT=[" + ex.getMessage().getBody() + "] headers=" + ex.getMessage().getHeaders());
            Exchange e2 = r.template.request("direct:embed", e -> e.getMessage().setBody("a cat"));
            if (e2.getException() != null) throw e2.getException();
            float[] v = (float[]) e2.getMessage().getBody();
            double n = 0; for (float f : v) n += f * f;
            System.out.println("EMB dim=" + v.length + " norm=" + Math.sqrt(n) + " v0=" + v[0]);
        }
    }
}
