package io.github.camelllm.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FloatVectorsTest {

    @Test
    void normalisesToUnitLengthWithoutTouchingTheInput() {
        float[] v = {3f, 4f};
        float[] unit = FloatVectors.l2Normalized(v);
        assertArrayEquals(new float[] {0.6f, 0.8f}, unit, 1e-6f);
        assertArrayEquals(new float[] {3f, 4f}, v, "the input is left as it was");
    }

    @Test
    void zeroVectorStaysZero() {
        float[] zero = {0f, 0f};
        float[] out = FloatVectors.l2Normalized(zero);
        assertArrayEquals(new float[] {0f, 0f}, out);
        assertNotSame(zero, out);
    }

    @Test
    void tinyValuesKeepTheirNormInDoublePrecision() {
        float[] v = new float[4096];
        java.util.Arrays.fill(v, 1e-20f);
        float[] unit = FloatVectors.l2Normalized(v);
        double sum = 0;
        for (float x : unit) {
            sum += (double) x * x;
        }
        assertEquals(1.0, sum, 1e-5);
    }

    @Test
    void base64RoundTripsBitForBitInLittleEndian() {
        float[] v = {1f, -0f, Float.MIN_VALUE, Float.NaN, 123.456f};
        String text = FloatVectors.toBase64(v);
        assertEquals("AACAPw==", FloatVectors.toBase64(new float[] {1f}), "1.0f is 00 00 80 3f in little-endian");
        float[] back = FloatVectors.fromBase64(text);
        for (int i = 0; i < v.length; i++) {
            assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(back[i]), "float " + i);
        }
    }

    @Test
    void refusesBase64ThatIsNotWholeFloats() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> FloatVectors.fromBase64("AAEC"));
        assertEquals("3 bytes are not a whole number of 4-byte floats", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FloatVectors.fromBase64("not base64!"));
    }

    @Test
    void abbreviateAndRedact() {
        assertEquals("abc", Texts.abbreviate("abc", 5));
        assertEquals("ab...", Texts.abbreviate("abcdef", 5));
        assertEquals(null, Texts.abbreviate(null, 5));
        assertEquals("key *** and ***", Texts.redact("key sk-1 and sk-1", "sk-1"));
        assertEquals("nothing", Texts.redact("nothing", ""));
        assertEquals("nothing", Texts.redact("nothing", null));
    }
}
