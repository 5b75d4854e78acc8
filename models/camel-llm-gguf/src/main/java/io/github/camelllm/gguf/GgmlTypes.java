package io.github.camelllm.gguf;

/** Known ggml tensor types: names, block sizes (elements per block) and type sizes (bytes per block). */
final class GgmlTypes {

    private static final int MAX_ID = 40;
    private static final String[] NAMES = new String[MAX_ID];
    private static final int[] BLOCK = new int[MAX_ID];
    private static final int[] SIZE = new int[MAX_ID];

    static {
        def(0, "F32", 1, 4);
        def(1, "F16", 1, 2);
        def(2, "Q4_0", 32, 18);
        def(3, "Q4_1", 32, 20);
        def(6, "Q5_0", 32, 22);
        def(7, "Q5_1", 32, 24);
        def(8, "Q8_0", 32, 34);
        def(9, "Q8_1", 32, 36);
        def(10, "Q2_K", 256, 84);
        def(11, "Q3_K", 256, 110);
        def(12, "Q4_K", 256, 144);
        def(13, "Q5_K", 256, 176);
        def(14, "Q6_K", 256, 210);
        def(15, "Q8_K", 256, 292);
        def(16, "IQ2_XXS", 256, 66);
        def(17, "IQ2_XS", 256, 74);
        def(18, "IQ3_XXS", 256, 98);
        def(19, "IQ1_S", 256, 50);
        def(20, "IQ4_NL", 32, 18);
        def(21, "IQ3_S", 256, 110);
        def(22, "IQ2_S", 256, 82);
        def(23, "IQ4_XS", 256, 136);
        def(24, "I8", 1, 1);
        def(25, "I16", 1, 2);
        def(26, "I32", 1, 4);
        def(27, "I64", 1, 8);
        def(28, "F64", 1, 8);
        def(29, "IQ1_M", 256, 56);
        def(30, "BF16", 1, 2);
        def(34, "TQ1_0", 256, 54);
        def(35, "TQ2_0", 256, 66);
    }

    private GgmlTypes() {}

    private static void def(int id, String name, int block, int size) {
        NAMES[id] = name;
        BLOCK[id] = block;
        SIZE[id] = size;
    }

    static boolean isKnown(int id) {
        return id >= 0 && id < MAX_ID && NAMES[id] != null;
    }

    /** @return the type name, or {@code "UNKNOWN(id)"} */
    static String name(int id) {
        return isKnown(id) ? NAMES[id] : "UNKNOWN(" + Integer.toUnsignedString(id) + ")";
    }

    /** @return elements per block, or -1 for an unknown type */
    static int blockSize(int id) {
        return isKnown(id) ? BLOCK[id] : -1;
    }

    /** @return bytes per block, or -1 for an unknown type */
    static int typeSize(int id) {
        return isKnown(id) ? SIZE[id] : -1;
    }
}
