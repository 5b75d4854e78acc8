package io.github.camelllm.gguf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes small synthetic GGUF files for tests. Values are written raw; the caller supplies the type ids. */
final class GgufTestWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    GgufTestWriter header(int version, long tensorCount, long kvCount) {
        out.writeBytes(new byte[] {'G', 'G', 'U', 'F'});
        return u32(version).u64(tensorCount).u64(kvCount);
    }

    GgufTestWriter u8(int v) {
        out.write(v);
        return this;
    }

    GgufTestWriter u16(int v) {
        out.write(v);
        out.write(v >>> 8);
        return this;
    }

    GgufTestWriter u32(long v) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    GgufTestWriter u64(long v) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    GgufTestWriter f32(float v) {
        return u32(Float.floatToRawIntBits(v));
    }

    GgufTestWriter f64(double v) {
        return u64(Double.doubleToRawLongBits(v));
    }

    GgufTestWriter str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u64(b.length);
        out.writeBytes(b);
        return this;
    }

    /** A key followed by its value type; the caller writes the value. */
    GgufTestWriter key(String key, int type) {
        return str(key).u32(type);
    }

    GgufTestWriter kvString(String key, String value) {
        return key(key, GgufReader.STRING).str(value);
    }

    GgufTestWriter kvU32(String key, long value) {
        return key(key, GgufReader.UINT32).u32(value);
    }

    GgufTestWriter kvStringArray(String key, String... values) {
        key(key, GgufReader.ARRAY).u32(GgufReader.STRING).u64(values.length);
        for (String v : values) {
            str(v);
        }
        return this;
    }

    GgufTestWriter tensor(String name, int type, long offset, long... dims) {
        str(name).u32(dims.length);
        for (long d : dims) {
            u64(d);
        }
        return u32(type).u64(offset);
    }

    /** Pads with zero bytes to a multiple of {@code alignment}. */
    GgufTestWriter align(int alignment) {
        while (out.size() % alignment != 0) {
            out.write(0);
        }
        return this;
    }

    GgufTestWriter zeros(int n) {
        out.writeBytes(new byte[n]);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toBytes() {
        return out.toByteArray();
    }
}
