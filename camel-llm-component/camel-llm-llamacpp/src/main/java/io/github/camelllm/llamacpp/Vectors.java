package io.github.camelllm.llamacpp;

/** Vector helpers for embeddings. */
final class Vectors {

    private Vectors() {
    }

    /** Scales v to unit Euclidean length (a zero vector stays zero); returns a new array. */
    static float[] l2Normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        float[] out = v.clone();
        if (sum == 0) {
            return out;
        }
        double inv = 1.0 / Math.sqrt(sum);
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (out[i] * inv);
        }
        return out;
    }
}
