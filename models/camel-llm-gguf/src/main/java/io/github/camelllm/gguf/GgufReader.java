package io.github.camelllm.gguf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parser behind {@link GgufFile#read(Path)}: a single forward pass over the header, metadata and tensor infos
 * through a private buffer. Every length and count is checked against the bytes left in the file before anything
 * is allocated, so hostile input fails with a {@link GgufFormatException} instead of an OutOfMemoryError.
 */
final class GgufReader {

    static final int UINT8 = 0;
    static final int INT8 = 1;
    static final int UINT16 = 2;
    static final int INT16 = 3;
    static final int UINT32 = 4;
    static final int INT32 = 5;
    static final int FLOAT32 = 6;
    static final int BOOL = 7;
    static final int STRING = 8;
    static final int ARRAY = 9;
    static final int UINT64 = 10;
    static final int INT64 = 11;
    static final int FLOAT64 = 12;

    private static final String[] VALUE_TYPE_NAMES = {
        "UINT8", "INT8", "UINT16", "INT16", "UINT32", "INT32", "FLOAT32", "BOOL", "STRING", "ARRAY", "UINT64", "INT64",
        "FLOAT64"
    };
    /** Smallest encoded size of one value of each type (a string: its 8-byte length; an array: type + count). */
    private static final int[] MIN_VALUE_SIZE = {1, 1, 2, 2, 4, 4, 4, 1, 8, 12, 8, 8, 8};

    static final long MAX_KEY_LENGTH = 64 * 1024;
    static final long MAX_TENSOR_NAME_LENGTH = 64 * 1024;
    static final long MAX_STRING_LENGTH = 16 * 1024 * 1024;
    static final long MAX_ARRAY_COUNT = 100_000_000;
    static final long MAX_KV_COUNT = 1_000_000;
    static final long MAX_TENSOR_COUNT = 10_000_000;
    static final int MAX_DIMS = 4;
    static final int MAX_ARRAY_NESTING = 8;
    /** Limit on strings and nested arrays held in arrays, summed over the whole file (each is a heap object). */
    static final long MAX_ARRAY_OBJECTS = 4_000_000;
    /** Limit on the size of the header plus metadata, which bounds the heap the parsed metadata can take. */
    static final long MAX_METADATA_BYTES = 1L << 30;

    static final long DEFAULT_ALIGNMENT = 32;
    static final String ALIGNMENT_KEY = "general.alignment";

    private final Path path;
    private final InputStream in;
    private final long fileSize;
    private final byte[] buf = new byte[64 * 1024];
    private int bufPos;
    private int bufLen;
    /** Absolute file offset of buf[bufPos]. */
    private long pos;

    /** What is being read, for error messages, e.g. "metadata key #3 'general.name' value". */
    private String context = "header";

    private final long[] elementIndex = new long[MAX_ARRAY_NESTING];
    private int arrayDepth;
    private long arrayObjects;
    private long metadataCount;
    /** File offset the metadata may not extend past (only while reading metadata). */
    private long metadataLimit = Long.MAX_VALUE;

    // results
    int version;
    long tensorCount;
    final Map<String, Object> metadata = new LinkedHashMap<>();
    final List<GgufTensorInfo> tensors = new ArrayList<>();
    long alignment = DEFAULT_ALIGNMENT;
    long dataOffset;

    GgufReader(Path path, InputStream in, long fileSize) {
        this.path = path;
        this.in = in;
        this.fileSize = fileSize;
    }

    void read() throws IOException {
        readHeader();
        readMetadata();
        readTensorInfos();
        checkTensorData();
    }

    private void readHeader() throws IOException {
        if (fileSize == 0) {
            throw error("empty file (0 bytes), expected a GGUF model file");
        }
        int n = (int) Math.min(4, fileSize);
        need(n, "magic");
        byte[] magic = Arrays.copyOfRange(buf, bufPos, bufPos + n);
        skipBuffered(n);
        if (n < 4 || magic[0] != 'G' || magic[1] != 'G' || magic[2] != 'U' || magic[3] != 'F') {
            StringBuilder sb = new StringBuilder("not a GGUF file: starts with");
            for (byte b : magic) {
                sb.append(String.format(" 0x%02X", b & 0xFF));
            }
            sb.append(", expected 'GGUF'");
            if (n < 4) {
                sb.append(" (the file has only ").append(fileSize).append(" bytes)");
            } else if (magic[0] == 'P' && magic[1] == 'K') {
                sb.append(" (this looks like a ZIP archive, e.g. a PyTorch or safetensors checkpoint)");
            } else if (magic[0] == 'g' && magic[1] == 'g') {
                sb.append(" (this looks like an old GGML/GGJT model; convert it to GGUF)");
            }
            throw error(sb.toString());
        }
        context = "header";
        long v = u32("version");
        if (v == 1) {
            throw error("GGUF version 1 is not supported (supported: 2 and 3); convert the model again with a"
                    + " current llama.cpp");
        }
        if (v != 2 && v != 3) {
            if ((v & 0xFFFF) == 0 && v != 0) {
                throw error("unsupported GGUF version " + v + " (0x" + Long.toHexString(v)
                        + "): this looks like a big-endian GGUF file, only little-endian files are supported");
            }
            throw error("unsupported GGUF version " + v + " (supported: 2 and 3)");
        }
        version = (int) v;
        tensorCount = u64("tensor count");
        long kvCount = u64("metadata key/value count");
        if (tensorCount < 0 || tensorCount > MAX_TENSOR_COUNT) {
            throw error(
                    "tensor count " + Long.toUnsignedString(tensorCount) + " exceeds the limit of " + MAX_TENSOR_COUNT);
        }
        if (kvCount < 0 || kvCount > MAX_KV_COUNT) {
            throw error("metadata key/value count " + Long.toUnsignedString(kvCount) + " exceeds the limit of "
                    + MAX_KV_COUNT);
        }
        // each key/value needs >= 13 bytes (key length 8, type 4, value >= 1); each tensor info >= 24 bytes
        long minBytes = kvCount * 13 + tensorCount * 24;
        if (minBytes > remaining()) {
            throw error("truncated at byte " + pos + ": the header announces " + kvCount + " metadata entries and "
                    + tensorCount + " tensor infos, which need at least " + minBytes + " bytes, but only "
                    + remaining() + " remain (file size " + fileSize + ")");
        }
        metadataCount = kvCount;
    }

    private void readMetadata() throws IOException {
        metadataLimit = MAX_METADATA_BYTES;
        for (long i = 0; i < metadataCount; i++) {
            context = "metadata key #" + i;
            String key = string(MAX_KEY_LENGTH, "key");
            context = "metadata key #" + i + " '" + abbreviate(key) + "'";
            long type = u32("value type");
            context = context + " value";
            Object value = value(type);
            if (metadata.putIfAbsent(key, value) != null) {
                throw error("duplicate metadata key '" + abbreviate(key) + "' (#" + i + ")");
            }
        }
        metadataLimit = Long.MAX_VALUE;
        Object a = metadata.get(ALIGNMENT_KEY);
        if (a != null) {
            if (!(a instanceof Long)) {
                throw error(ALIGNMENT_KEY + " must be an integer, found "
                        + a.getClass().getSimpleName());
            }
            long al = (Long) a;
            if (al <= 0 || Long.bitCount(al) != 1 || al > (1L << 30)) {
                throw error(ALIGNMENT_KEY + " must be a power of two between 1 and 2^30, found "
                        + Long.toUnsignedString(al));
            }
            alignment = al;
        }
    }

    private Object value(long type) throws IOException {
        switch ((int) Math.min(type, Integer.MAX_VALUE)) {
            case UINT8:
                return (long) u8("uint8");
            case INT8:
                return (long) (byte) u8("int8");
            case UINT16:
                return (long) u16("uint16");
            case INT16:
                return (long) (short) u16("int16");
            case UINT32:
                return u32("uint32");
            case INT32:
                return (long) (int) u32("int32");
            case FLOAT32:
                return (double) Float.intBitsToFloat((int) u32("float32"));
            case BOOL:
                return u8("bool") != 0;
            case STRING:
                return string(MAX_STRING_LENGTH, "string");
            case ARRAY:
                return array();
            case UINT64:
                return u64("uint64");
            case INT64:
                return u64("int64");
            case FLOAT64:
                return Double.longBitsToDouble(u64("float64"));
            default:
                throw unknownType(type);
        }
    }

    private GgufFormatException unknownType(long type) {
        return error("unknown value type " + type + " at byte " + (pos - 4) + " in " + where()
                + " (known types are 0 to 12)");
    }

    private List<Object> array() throws IOException {
        if (arrayDepth >= MAX_ARRAY_NESTING) {
            throw error("arrays nested more than " + MAX_ARRAY_NESTING + " deep in " + where());
        }
        long elementType = u32("array element type");
        if (elementType < 0 || elementType > FLOAT64) {
            throw unknownType(elementType);
        }
        int t = (int) elementType;
        long count = u64("array element count");
        if (count < 0 || count > MAX_ARRAY_COUNT) {
            throw error("array count " + Long.toUnsignedString(count) + " exceeds the limit of " + MAX_ARRAY_COUNT
                    + " in " + where());
        }
        long minBytes = count * MIN_VALUE_SIZE[t];
        if (minBytes > remaining()) {
            throw truncated(
                    "array",
                    "an array of " + count + " " + VALUE_TYPE_NAMES[t] + " elements needs at least " + minBytes
                            + " bytes, only " + remaining() + " remain");
        }
        checkMetadataLimit(minBytes);
        int n = (int) count;
        if (t == STRING || t == ARRAY) {
            arrayObjects += n;
            if (arrayObjects > MAX_ARRAY_OBJECTS) {
                throw error(
                        "more than " + MAX_ARRAY_OBJECTS + " strings and arrays inside arrays in total, at " + where());
            }
        }
        int depth = arrayDepth++;
        try {
            switch (t) {
                case UINT8, INT8: {
                    byte[] a = new byte[n];
                    for (int i = 0; i < n; i++) {
                        elementIndex[depth] = i;
                        a[i] = (byte) u8("array element");
                    }
                    return new PrimitiveArrayList(t, a, n);
                }
                case BOOL: {
                    boolean[] a = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        elementIndex[depth] = i;
                        a[i] = u8("array element") != 0;
                    }
                    return new PrimitiveArrayList(t, a, n);
                }
                case UINT16, INT16: {
                    short[] a = new short[n];
                    for (int i = 0; i < n; i++) {
                        elementIndex[depth] = i;
                        a[i] = (short) u16("array element");
                    }
                    return new PrimitiveArrayList(t, a, n);
                }
                case UINT32, INT32: {
                    int[] a = new int[n];
                    for (int i = 0; i < n; i++) {
                        elementIndex[depth] = i;
                        a[i] = (int) u32("array element");
                    }
                    return new PrimitiveArrayList(t, a, n);
                }
                case FLOAT32: {
                    float[] a = new float[n];
                    for (int i = 0; i < n; i++) {
                        elementIndex[depth] = i;
                        a[i] = Float.intBitsToFloat((int) u32("array element"));
                    }
                    return new PrimitiveArrayList(t, a, n);
                }
                case UINT64, INT64: {
                    long[] a = new long[n];
                    for (int i = 0; i < n; i++) {
                        elementIndex[depth] = i;
                        a[i] = u64("array element");
                    }
                    return new PrimitiveArrayList(t, a, n);
                }
                case FLOAT64: {
                    double[] a = new double[n];
                    for (int i = 0; i < n; i++) {
                        elementIndex[depth] = i;
                        a[i] = Double.longBitsToDouble(u64("array element"));
                    }
                    return new PrimitiveArrayList(t, a, n);
                }
                case STRING: {
                    String[] a = new String[n];
                    for (int i = 0; i < n; i++) {
                        elementIndex[depth] = i;
                        a[i] = string(MAX_STRING_LENGTH, "array element");
                    }
                    return Collections.unmodifiableList(Arrays.asList((Object[]) a));
                }
                default: { // ARRAY
                    Object[] a = new Object[n];
                    for (int i = 0; i < n; i++) {
                        elementIndex[depth] = i;
                        a[i] = array();
                    }
                    return Collections.unmodifiableList(Arrays.asList(a));
                }
            }
        } finally {
            arrayDepth = depth;
        }
    }

    private void readTensorInfos() throws IOException {
        Set<String> names = new HashSet<>();
        for (long i = 0; i < tensorCount; i++) {
            context = "tensor info #" + i;
            String name = string(MAX_TENSOR_NAME_LENGTH, "name");
            context = "tensor info #" + i + " '" + abbreviate(name) + "'";
            long nDims = u32("n_dims");
            if (nDims > MAX_DIMS) {
                throw error("tensor '" + abbreviate(name) + "' has " + nDims + " dimensions, at most " + MAX_DIMS
                        + " are supported");
            }
            long[] dims = new long[(int) nDims];
            long elements = 1;
            for (int d = 0; d < nDims; d++) {
                dims[d] = u64("dimension " + d);
                if (dims[d] < 0) {
                    throw error("tensor '" + abbreviate(name) + "' has an invalid dimension "
                            + Long.toUnsignedString(dims[d]));
                }
                try {
                    elements = Math.multiplyExact(elements, dims[d]);
                } catch (ArithmeticException e) {
                    throw error("tensor '" + abbreviate(name) + "' has too many elements: " + Arrays.toString(dims));
                }
            }
            int typeId = (int) u32("type");
            long offset = u64("offset");
            if (offset < 0) {
                throw error("tensor '" + abbreviate(name) + "' has an invalid data offset "
                        + Long.toUnsignedString(offset));
            }
            long byteSize = -1;
            if (GgmlTypes.isKnown(typeId)) {
                long block = GgmlTypes.blockSize(typeId);
                long rowLength = nDims > 0 ? dims[0] : 1;
                if (rowLength % block != 0) {
                    throw error("tensor '" + abbreviate(name) + "' of type " + GgmlTypes.name(typeId)
                            + " has a row length of " + rowLength + ", not a multiple of the block size " + block);
                }
                try {
                    byteSize = Math.multiplyExact(elements / block, (long) GgmlTypes.typeSize(typeId));
                } catch (ArithmeticException e) {
                    throw error("tensor '" + abbreviate(name) + "' is too large: " + Arrays.toString(dims));
                }
            }
            if (!names.add(name)) {
                throw error("duplicate tensor name '" + abbreviate(name) + "' (tensor info #" + i + ")");
            }
            tensors.add(new GgufTensorInfo(name, dims, typeId, GgmlTypes.name(typeId), offset, byteSize));
        }
        long end = pos;
        dataOffset = (end + alignment - 1) / alignment * alignment;
    }

    private void checkTensorData() throws GgufFormatException {
        if (tensors.isEmpty()) {
            return;
        }
        if (dataOffset > fileSize) {
            throw error("the tensor data section would start at byte " + dataOffset + ", past the end of the file ("
                    + fileSize + " bytes); the file is probably truncated");
        }
        long available = fileSize - dataOffset;
        List<GgufTensorInfo> known = new ArrayList<>(tensors.size());
        for (GgufTensorInfo t : tensors) {
            if (t.offset() % alignment != 0) {
                throw error("tensor '" + abbreviate(t.name()) + "' has data offset " + t.offset()
                        + ", not a multiple of the alignment " + alignment);
            }
            long size = Math.max(0, t.byteSize());
            if (t.offset() > available || size > available - t.offset()) {
                throw error("tensor '" + abbreviate(t.name()) + "' data (" + size + " bytes at byte "
                        + (dataOffset + t.offset()) + ") extends past the end of the file (" + fileSize
                        + " bytes); the file is probably truncated");
            }
            if (t.byteSize() > 0) {
                known.add(t);
            }
        }
        known.sort(Comparator.comparingLong(GgufTensorInfo::offset));
        for (int i = 1; i < known.size(); i++) {
            GgufTensorInfo prev = known.get(i - 1);
            GgufTensorInfo cur = known.get(i);
            if (prev.offset() + prev.byteSize() > cur.offset()) {
                throw error("the data of tensors '" + abbreviate(prev.name()) + "' and '" + abbreviate(cur.name())
                        + "' overlap");
            }
        }
    }

    private void checkMetadataLimit(long bytes) throws GgufFormatException {
        if (bytes > metadataLimit - pos) {
            throw error("the metadata would extend past byte " + metadataLimit + " (limit " + (metadataLimit >> 20)
                    + " MiB) while reading " + where());
        }
    }

    // ---------------------------------------------------------------- low level

    private long remaining() {
        return fileSize - pos;
    }

    /** Makes sure {@code n <= buf.length} bytes are buffered, failing if the file does not have them. */
    private void need(int n, String what) throws IOException {
        if (remaining() < n) {
            throw truncated(what, "needs " + n + " bytes, " + remaining() + " remain");
        }
        if (bufLen - bufPos >= n) {
            return;
        }
        int have = bufLen - bufPos;
        System.arraycopy(buf, bufPos, buf, 0, have);
        bufPos = 0;
        bufLen = have;
        while (bufLen < n) {
            int r = readStream(buf, bufLen, buf.length - bufLen);
            bufLen += r;
        }
    }

    private int readStream(byte[] dst, int off, int len) throws IOException {
        int r;
        try {
            r = in.read(dst, off, len);
        } catch (IOException e) {
            throw new IOException(path + ": I/O error near byte " + pos + " while reading " + where() + ": " + e, e);
        }
        if (r < 0) {
            throw error("the file ended near byte " + pos + " while reading " + where() + ", although it had "
                    + fileSize + " bytes when it was opened (was it modified while being read?)");
        }
        return r;
    }

    private void skipBuffered(int n) {
        bufPos += n;
        pos += n;
    }

    private int u8(String what) throws IOException {
        need(1, what);
        int v = buf[bufPos] & 0xFF;
        skipBuffered(1);
        return v;
    }

    private int u16(String what) throws IOException {
        need(2, what);
        int v = (buf[bufPos] & 0xFF) | (buf[bufPos + 1] & 0xFF) << 8;
        skipBuffered(2);
        return v;
    }

    private long u32(String what) throws IOException {
        need(4, what);
        long v = (buf[bufPos] & 0xFFL)
                | (buf[bufPos + 1] & 0xFFL) << 8
                | (buf[bufPos + 2] & 0xFFL) << 16
                | (buf[bufPos + 3] & 0xFFL) << 24;
        skipBuffered(4);
        return v;
    }

    private long u64(String what) throws IOException {
        need(8, what);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (buf[bufPos + i] & 0xFFL);
        }
        skipBuffered(8);
        return v;
    }

    private String string(long maxLength, String what) throws IOException {
        long len = u64(what + " length");
        if (len < 0 || len > remaining()) {
            throw truncated(
                    what,
                    "length " + Long.toUnsignedString(len) + " exceeds the " + remaining() + " bytes left in the file");
        }
        if (len > maxLength) {
            throw error(what + " length " + len + " in " + where() + " exceeds the limit of " + maxLength + " bytes");
        }
        checkMetadataLimit(len);
        int n = (int) len;
        if (n <= buf.length) {
            need(n, what + " bytes");
            String s = new String(buf, bufPos, n, StandardCharsets.UTF_8);
            skipBuffered(n);
            return s;
        }
        byte[] bytes = new byte[n];
        int have = bufLen - bufPos;
        System.arraycopy(buf, bufPos, bytes, 0, have);
        bufPos = bufLen;
        pos += have;
        int off = have;
        while (off < n) {
            int r = readStream(bytes, off, n - off);
            off += r;
            pos += r;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- errors

    private String where() {
        StringBuilder sb = new StringBuilder(context);
        for (int d = 0; d < arrayDepth; d++) {
            sb.append(" element #").append(elementIndex[d]);
        }
        return sb.toString();
    }

    private GgufFormatException truncated(String what, String detail) {
        return error("truncated at byte " + pos + " while reading " + where() + " (" + what + "): " + detail);
    }

    private GgufFormatException error(String detail) {
        return new GgufFormatException(path, detail);
    }

    /** Shortens a key or tensor name from the file for a message and replaces control characters. */
    private static String abbreviate(String s) {
        String t = s.length() <= 80 ? s : s.substring(0, 77) + "...";
        StringBuilder sb = new StringBuilder(t.length());
        t.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return sb.toString();
    }
}
