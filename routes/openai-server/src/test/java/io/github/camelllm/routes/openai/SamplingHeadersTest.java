package io.github.camelllm.routes.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.camelllm.component.LlmConstants;

/** The generation options of chat and text completion requests as CamelLlm* headers. */
class SamplingHeadersTest {

    @RegisterExtension
    static final TestExchanges EXCHANGES = new TestExchanges();

    private static ObjectNode request(String json) throws Exception {
        return (ObjectNode) TestServer.json(json);
    }

    private static String error(String json) throws Exception {
        ObjectNode request = request(json);
        Message out = EXCHANGES.exchange(null).getMessage();
        return assertThrows(
                        OpenAiRequestException.class,
                        () -> SamplingHeaders.apply(request, request.get("max_tokens"), out))
                .getMessage();
    }

    @Test
    void absentOptionsSetNoHeaders() throws Exception {
        ObjectNode request =
                request("{\"n\":1,\"stop\":[\"\"],\"temperature\":null,\"response_format\":{\"type\":\"text\"}}");
        Message out = EXCHANGES.exchange(null).getMessage();
        SamplingHeaders.apply(request, request.get("max_tokens"), out);
        assertTrue(out.getHeaders().isEmpty(), out.getHeaders().toString());
    }

    @Test
    void integerTemperatureIsAFloat() throws Exception {
        ObjectNode request = request("{\"temperature\":0,\"top_p\":1,\"seed\":-1}");
        Message out = EXCHANGES.exchange(null).getMessage();
        SamplingHeaders.apply(request, null, out);
        assertEquals(0.0f, out.getHeader(LlmConstants.TEMPERATURE));
        assertEquals(1.0f, out.getHeader(LlmConstants.TOP_P));
        assertEquals(-1, out.getHeader(LlmConstants.SEED));
    }

    @Test
    void stopStringsAreJoinedWithCommas() throws Exception {
        assertNull(SamplingHeaders.stop(null));
        assertNull(SamplingHeaders.stop(TestServer.json("[]")));
        assertEquals("###", SamplingHeaders.stop(TestServer.json("\"###\"")));
        assertEquals("a,\n\n", SamplingHeaders.stop(TestServer.json("[\"a\",\"\",\"\\n\\n\"]")));
        assertEquals("stop strings containing ',' are not supported by this server: a,b", error("{\"stop\":\"a,b\"}"));
        assertEquals("\"stop\" must be a string or an array of strings", error("{\"stop\":[1]}"));
        assertEquals("\"stop\" must be a string or an array of strings", error("{\"stop\":{}}"));
    }

    @Test
    void jsonSchemaFromResponseFormatOrTopLevel() throws Exception {
        String schema = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}";
        assertEquals(
                schema,
                SamplingHeaders.jsonSchema(request(
                        "{\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"n\",\"schema\":"
                                + schema + "}}}")));
        assertEquals(
                schema,
                SamplingHeaders.jsonSchema(
                        request("{\"response_format\":{\"type\":\"json_object\",\"schema\":" + schema + "}}")));
        assertEquals(
                "{\"type\":\"object\"}",
                SamplingHeaders.jsonSchema(request("{\"response_format\":{\"type\":\"json_object\"}}")));
        assertEquals(schema, SamplingHeaders.jsonSchema(request("{\"json_schema\":" + schema + "}")));
        // a json_object response_format replaces the top-level schema; a text one leaves it
        assertEquals(
                "{\"type\":\"object\"}",
                SamplingHeaders.jsonSchema(
                        request("{\"json_schema\":" + schema + ",\"response_format\":{\"type\":\"json_object\"}}")));
        assertEquals(
                schema,
                SamplingHeaders.jsonSchema(
                        request("{\"json_schema\":" + schema + ",\"response_format\":{\"type\":\"text\"}}")));
        assertNull(SamplingHeaders.jsonSchema(request("{\"response_format\":{}}")));
    }

    @Test
    void invalidJsonSchemas() throws Exception {
        assertEquals("\"response_format\" must be an object", error("{\"response_format\":\"json\"}"));
        assertEquals(
                "response_format.type must be text, json_object or json_schema, not xml",
                error("{\"response_format\":{\"type\":\"xml\"}}"));
        assertEquals(
                "response_format.json_schema.schema is required with type json_schema",
                error("{\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{}}}"));
        assertEquals("the JSON schema must be an object", error("{\"json_schema\":true}"));
        assertEquals("only n=1 is supported", error("{\"n\":3}"));
        assertEquals("\"n\" must be an integer", error("{\"n\":\"1\"}"));
    }
}
