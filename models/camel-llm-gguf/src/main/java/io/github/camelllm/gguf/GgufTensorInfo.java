package io.github.camelllm.gguf;

import java.util.Arrays;
import java.util.Objects;

/**
 * Description of one tensor in a GGUF file (its data is never read).
 *
 * @param name     tensor name, e.g. {@code "blk.0.attn_q.weight"}
 * @param dims     dimensions, innermost (row length) first, as stored in the file; 0 to 4 entries.
 *                 The array is copied on construction and on access.
 * @param typeId   ggml type id, e.g. 0 for F32, 1 for F16, 12 for Q4_K; ids unknown to this reader are kept
 * @param typeName ggml type name, e.g. {@code "F32"}, or {@code "UNKNOWN(id)"} for an unknown type
 * @param offset   offset of the tensor data relative to the start of the data section
 *                 ({@link GgufFile#dataOffset()})
 * @param byteSize size of the tensor data in bytes, or -1 if the type is unknown
 */
public record GgufTensorInfo(String name, long[] dims, int typeId, String typeName, long offset, long byteSize) {

    /** Validates and defensively copies the dimensions. */
    public GgufTensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(typeName, "typeName");
        dims = Objects.requireNonNull(dims, "dims").clone();
    }

    /** @return a copy of the dimensions */
    @Override
    public long[] dims() {
        return dims.clone();
    }

    /** @return the number of dimensions */
    public int nDims() {
        return dims.length;
    }

    /** @return the product of the dimensions (1 for a tensor with no dimensions) */
    public long elementCount() {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensorInfo t
                && name.equals(t.name)
                && Arrays.equals(dims, t.dims)
                && typeId == t.typeId
                && typeName.equals(t.typeName)
                && offset == t.offset
                && byteSize == t.byteSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(dims), typeId, offset, byteSize);
    }

    @Override
    public String toString() {
        return name + " " + typeName + " " + Arrays.toString(dims) + " @" + offset + " (" + byteSize + " bytes)";
    }
}
