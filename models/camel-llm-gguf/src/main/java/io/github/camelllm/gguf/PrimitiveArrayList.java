package io.github.camelllm.gguf;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * Unmodifiable {@code List<Object>} view of a numeric or boolean GGUF array stored in a primitive Java array,
 * so that e.g. 150k token scores cost 4 bytes each instead of a boxed object each. Elements are boxed on access
 * the same way scalar metadata values are: integers as {@link Long}, floats as {@link Double}, bools as
 * {@link Boolean}.
 */
final class PrimitiveArrayList extends AbstractList<Object> implements RandomAccess {

    private final int valueType;
    private final Object array;
    private final int size;

    /**
     * @param valueType GGUF value type of the elements
     * @param array     a byte[] (UINT8/INT8), short[] (UINT16/INT16), int[] (UINT32/INT32), long[] (UINT64/INT64),
     *                  float[] (FLOAT32), double[] (FLOAT64) or boolean[] (BOOL)
     * @param size      number of elements
     */
    PrimitiveArrayList(int valueType, Object array, int size) {
        this.valueType = valueType;
        this.array = array;
        this.size = size;
    }

    @Override
    public Object get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + ", size " + size);
        }
        switch (valueType) {
            case GgufReader.UINT8:
                return (long) (((byte[]) array)[index] & 0xFF);
            case GgufReader.INT8:
                return (long) ((byte[]) array)[index];
            case GgufReader.UINT16:
                return (long) (((short[]) array)[index] & 0xFFFF);
            case GgufReader.INT16:
                return (long) ((short[]) array)[index];
            case GgufReader.UINT32:
                return Integer.toUnsignedLong(((int[]) array)[index]);
            case GgufReader.INT32:
                return (long) ((int[]) array)[index];
            case GgufReader.UINT64:
            case GgufReader.INT64:
                return ((long[]) array)[index];
            case GgufReader.FLOAT32:
                return (double) ((float[]) array)[index];
            case GgufReader.FLOAT64:
                return ((double[]) array)[index];
            case GgufReader.BOOL:
                return ((boolean[]) array)[index];
            default:
                throw new IllegalStateException("not a primitive GGUF type: " + valueType);
        }
    }

    @Override
    public int size() {
        return size;
    }
}
