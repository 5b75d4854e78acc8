package de.kherud.llama;

/**
 * Sets request fields that java-llama.cpp 4.2.0 has no setter for. It lives in the binding's package because the
 * parameter map is package-private. Used for {@code json_schema}: llama.cpp converts the schema to a grammar inside
 * its request parsing, which reports a bad schema as an error, whereas the binding's public
 * {@code LlamaModel.jsonSchemaToGrammar} lets a C++ exception escape and aborts the JVM.
 */
public final class CamelLlmParameters {

    private CamelLlmParameters() {}

    /** Puts {@code rawJson} (already valid JSON) under {@code key} in the request sent to llama.cpp. */
    public static void putJson(InferenceParameters parameters, String key, String rawJson) {
        parameters.parameters.put(key, rawJson);
    }
}
