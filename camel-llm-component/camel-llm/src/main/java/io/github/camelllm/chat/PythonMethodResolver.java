package io.github.camelllm.chat;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.hubspot.jinjava.objects.collections.PyList;

import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Gives Jinjava the Python {@code str} methods that Hugging Face chat templates call, which
 * Java's {@link String} lacks or spells differently ({@code startswith}, {@code lstrip(chars)},
 * {@code split(sep)} without regex semantics, {@code upper}, ...), plus {@code dict.get(key,
 * default)}. Any other call is left to Jinjava's own resolvers.
 */
final class PythonMethodResolver extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        Object[] args = params == null ? new Object[0] : params;
        Object result;
        if (base instanceof String s && method instanceof String name) {
            result = stringMethod(s, name, args);
        } else if (base instanceof Map<?, ?> map && "get".equals(method) && args.length == 2) {
            result = map.containsKey(args[0]) ? map.get(args[0]) : args[1];
            context.setPropertyResolved(true);
            return result;
        } else {
            return null;
        }
        if (result == NOT_HANDLED) {
            return null;
        }
        context.setPropertyResolved(true);
        return result;
    }

    private static final Object NOT_HANDLED = new Object();

    private static Object stringMethod(String s, String name, Object[] args) {
        int n = args.length;
        switch (name) {
            case "strip":
                return n == 0 || args[0] == null
                        ? rstrip(lstrip(s, null), null)
                        : rstrip(lstrip(s, str(args[0])), str(args[0]));
            case "lstrip":
                return lstrip(s, n == 0 ? null : str(args[0]));
            case "rstrip":
                return rstrip(s, n == 0 ? null : str(args[0]));
            case "startswith":
                return n == 1 ? matchesAny(args[0], s::startsWith) : NOT_HANDLED;
            case "endswith":
                return n == 1 ? matchesAny(args[0], s::endsWith) : NOT_HANDLED;
            case "upper":
                return n == 0 ? s.toUpperCase(Locale.ROOT) : NOT_HANDLED;
            case "lower":
                return n == 0 ? s.toLowerCase(Locale.ROOT) : NOT_HANDLED;
            case "title":
                return n == 0 ? title(s) : NOT_HANDLED;
            case "capitalize":
                return n == 0
                        ? (s.isEmpty()
                                ? s
                                : s.substring(0, 1).toUpperCase(Locale.ROOT)
                                        + s.substring(1).toLowerCase(Locale.ROOT))
                        : NOT_HANDLED;
            case "split":
                return split(s, n > 0 ? str(args[0]) : null, n > 1 ? ((Number) args[1]).intValue() : -1);
            case "replace":
                if (n == 2 || n == 3) {
                    return replace(s, str(args[0]), str(args[1]), n == 3 ? ((Number) args[2]).intValue() : -1);
                }
                return NOT_HANDLED;
            case "join":
                if (n == 1 && args[0] instanceof Iterable<?> items) {
                    List<String> parts = new ArrayList<>();
                    items.forEach(item -> parts.add(Objects.toString(item, "")));
                    return String.join(s, parts);
                }
                return NOT_HANDLED;
            case "find":
                return n == 1 ? s.indexOf(str(args[0])) : NOT_HANDLED;
            default:
                return NOT_HANDLED;
        }
    }

    private static String str(Object o) {
        return Objects.toString(o, "");
    }

    private interface StringTest {
        boolean test(String candidate);
    }

    private static boolean matchesAny(Object arg, StringTest test) {
        if (arg instanceof Collection<?> options) {
            for (Object option : options) {
                if (test.test(str(option))) {
                    return true;
                }
            }
            return false;
        }
        return test.test(str(arg));
    }

    private static boolean strippable(char c, String chars) {
        return chars == null ? Character.isWhitespace(c) || Character.isSpaceChar(c) : chars.indexOf(c) >= 0;
    }

    private static String lstrip(String s, String chars) {
        int start = 0;
        while (start < s.length() && strippable(s.charAt(start), chars)) {
            start++;
        }
        return s.substring(start);
    }

    private static String rstrip(String s, String chars) {
        int end = s.length();
        while (end > 0 && strippable(s.charAt(end - 1), chars)) {
            end--;
        }
        return s.substring(0, end);
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean previousCased = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(previousCased ? Character.toLowerCase(c) : Character.toUpperCase(c));
            previousCased = Character.isLetter(c);
        }
        return sb.toString();
    }

    private static List<Object> split(String s, String sep, int maxSplit) {
        List<Object> parts = new ArrayList<>();
        if (sep == null) {
            // Python: split on runs of whitespace, no empty strings
            String rest = lstrip(s, null);
            while (!rest.isEmpty()) {
                if (maxSplit >= 0 && parts.size() == maxSplit) {
                    parts.add(rest);
                    break;
                }
                int end = 0;
                while (end < rest.length() && !strippable(rest.charAt(end), null)) {
                    end++;
                }
                parts.add(rest.substring(0, end));
                rest = lstrip(rest.substring(end), null);
            }
        } else {
            if (sep.isEmpty()) {
                throw new IllegalArgumentException("empty separator");
            }
            int from = 0;
            int at;
            while ((maxSplit < 0 || parts.size() < maxSplit) && (at = s.indexOf(sep, from)) >= 0) {
                parts.add(s.substring(from, at));
                from = at + sep.length();
            }
            parts.add(s.substring(from));
        }
        return new PyList(parts);
    }

    private static String replace(String s, String old, String replacement, int count) {
        if (count < 0) {
            return s.replace(old, replacement);
        }
        StringBuilder sb = new StringBuilder();
        int from = 0;
        int at;
        int done = 0;
        while (done < count && !old.isEmpty() && (at = s.indexOf(old, from)) >= 0) {
            sb.append(s, from, at).append(replacement);
            from = at + old.length();
            done++;
        }
        return sb.append(s.substring(from)).toString();
    }

    // property access is left entirely to Jinjava's resolvers

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // not handled here
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
