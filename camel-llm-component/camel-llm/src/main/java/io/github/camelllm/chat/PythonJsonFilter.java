package io.github.camelllm.chat;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;

/**
 * The {@code tojson} filter as Hugging Face defines it for chat templates: Python's
 * {@code json.dumps(value, ensure_ascii=False, indent=indent)}, i.e. {@code ", "} and
 * {@code ": "} separators without indent, {@code ","} and newline+indent with one, and no HTML
 * escaping. Jinjava's own {@code tojson} writes compact JSON, which would change the prompt text
 * the model was trained on.
 */
final class PythonJsonFilter implements Filter {

    @Override
    public String getName() {
        return "tojson";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        Integer indent = args.length > 0 && args[0] != null ? Integer.valueOf(args[0].trim()) : null;
        return dumps(var, indent);
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        Object indent = kwargs.containsKey("indent") ? kwargs.get("indent") : args.length > 0 ? args[0] : null;
        return dumps(
                var, indent == null ? null : Integer.valueOf(indent.toString().trim()));
    }

    /** Python {@code json.dumps(value, ensure_ascii=False, indent=indent)}. */
    static String dumps(Object value, Integer indent) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, indent, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value, Integer indent, int depth) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            sb.append(
                    Double.isNaN(d)
                            ? "NaN"
                            : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : String.valueOf(value));
        } else if (value instanceof Number) {
            sb.append(value);
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                separator(sb, first, indent, depth + 1);
                first = false;
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), indent, depth + 1);
            }
            close(sb, '}', indent, depth);
        } else if (value instanceof Collection<?> || value.getClass().isArray()) {
            Iterator<?> it = value instanceof Collection<?> c ? c.iterator() : arrayIterator(value);
            if (!it.hasNext()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            boolean first = true;
            while (it.hasNext()) {
                separator(sb, first, indent, depth + 1);
                first = false;
                write(sb, it.next(), indent, depth + 1);
            }
            close(sb, ']', indent, depth);
        } else {
            string(sb, value.toString());
        }
    }

    private static Iterator<Object> arrayIterator(Object array) {
        int length = Array.getLength(array);
        return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < length;
            }

            @Override
            public Object next() {
                return Array.get(array, i++);
            }
        };
    }

    private static void separator(StringBuilder sb, boolean first, Integer indent, int depth) {
        if (indent == null) {
            if (!first) {
                sb.append(", ");
            }
        } else {
            if (!first) {
                sb.append(',');
            }
            sb.append('\n').append(" ".repeat(indent * depth));
        }
    }

    private static void close(StringBuilder sb, char bracket, Integer indent, int depth) {
        if (indent != null) {
            sb.append('\n').append(" ".repeat(indent * depth));
        }
        sb.append(bracket);
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
