package io.github.camelllm.support;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * Embedding vectors as the llm component handles them: L2 normalisation and the base64 wire form (little-endian IEEE
 * 754 floats, as OpenAI's {@code encoding_format=base64} sends them), written once for every backend, the response
 * cache codec and the OpenAI-serving route.
 */
public final class FloatVectors {

    private FloatVectors() {}

    /**
     * A copy of {@code v} scaled to unit length; a zero vector is returned as a copy unchanged (it has no direction).
     * The sum of squares is taken in double precision, so long vectors of small values do not lose their norm.
     */
    public static float[] l2Normalized(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        float[] out = v.clone();
        if (sum == 0) {
            return out;
        }
        double scale = 1.0 / Math.sqrt(sum);
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (out[i] * scale);
        }
        return out;
    }

    /** The floats as base64 of their little-endian bytes; {@link #fromBase64} gives them back bit for bit. */
    public static String toBase64(float[] v) {
        ByteBuffer bytes = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(v);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    /**
     * Decodes {@link #toBase64}'s form.
     *
     * @throws IllegalArgumentException when the text is not base64 or its length is not a whole number of floats
     */
    public static float[] fromBase64(String text) {
        byte[] bytes = Base64.getDecoder().decode(text);
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException(bytes.length + " bytes are not a whole number of 4-byte floats");
        }
        float[] v = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
