package io.github.camelllm.chat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adapts Hugging Face (Python Jinja) template source to Jinjava before parsing, where the two
 * differ in ways a template author cannot see:
 * <ul>
 *   <li>{@code lstrip_blocks}: indentation before a {@code {% %}} or {@code {# #}} tag that
 *       starts its line is removed ({@code {%+} keeps it);</li>
 *   <li>newlines are normalized to {@code \n} and one trailing newline is dropped (Python
 *       Jinja's {@code keep_trailing_newline=False});</li>
 *   <li>Python's {@code not} binds more loosely than {@code in}, {@code ==} and {@code !=}, but
 *       Jinjava's binds tighter, so {@code not a in b} would become {@code (not a) in b}. Inside
 *       {@code {{ }}} and {@code {% %}} (outside string literals), {@code not A in B},
 *       {@code not A == B} and {@code not A != B} with a simple operand {@code A} (a literal or
 *       a variable with attributes, subscripts and argument-less filters) are rewritten to
 *       {@code A not in B}, {@code A != B} and {@code A == B}. ({@code not A is test} already
 *       behaves like Python in Jinjava.)</li>
 * </ul>
 */
final class PythonSyntax {

    private static final String STRING = "'[^'\\\\]*(?:\\\\.[^'\\\\]*)*'|\"[^\"\\\\]*(?:\\\\.[^\"\\\\]*)*\"";
    private static final String OPERAND = "(?:" + STRING + "|-?\\d+(?:\\.\\d+)?"
            + "|(?!(?:in|is|not|and|or|if|else)\\b)[A-Za-z_]\\w*(?:\\.[A-Za-z_]\\w*|\\[[^\\]]*\\])*)"
            + "(?:\\s*\\|\\s*[A-Za-z_]\\w*)*";
    private static final Pattern NOT_OPERATOR =
            Pattern.compile("not\\s+(" + OPERAND + ")\\s*(==|!=|in(?=[\\s(\\['\"]))\\s*");

    private PythonSyntax() {}

    static String adapt(String source) {
        String s = source.replace("\r\n", "\n").replace('\r', '\n');
        if (s.endsWith("\n")) {
            s = s.substring(0, s.length() - 1);
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        int i = 0;
        while (i < s.length()) {
            String close =
                    s.startsWith("{{", i) ? "}}" : s.startsWith("{%", i) ? "%}" : s.startsWith("{#", i) ? "#}" : null;
            if (close == null) {
                out.append(s.charAt(i++));
                continue;
            }
            int end = endOfTag(s, i + 2, close);
            String tag = s.substring(i, end);
            if (!"}}".equals(close)) {
                if (tag.length() > 2 && tag.charAt(2) == '+') {
                    tag = tag.substring(0, 2) + tag.substring(3); // {%+ : keep the indentation
                } else {
                    lstripLine(out);
                }
            }
            out.append("#}".equals(close) ? tag : rewriteNot(tag));
            i = end;
        }
        return out.toString();
    }

    /**
     * Python's {@code lstrip_blocks}: removes the spaces and tabs before a block or comment tag
     * when nothing else precedes it on its line. (Jinjava's own option also strips them after
     * other text on the line, which Python does not.)
     */
    private static void lstripLine(StringBuilder out) {
        int start = out.length();
        while (start > 0 && (out.charAt(start - 1) == ' ' || out.charAt(start - 1) == '\t')) {
            start--;
        }
        if (start == 0 || out.charAt(start - 1) == '\n') {
            out.setLength(start);
        }
    }

    /** Index just past the closing delimiter, skipping string literals; end of input if unclosed. */
    private static int endOfTag(String s, int from, String close) {
        char quote = 0;
        for (int j = from; j < s.length(); j++) {
            char c = s.charAt(j);
            if (quote != 0) {
                if (c == '\\') {
                    j++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (s.startsWith(close, j)) {
                return j + close.length();
            }
        }
        return s.length();
    }

    private static String rewriteNot(String code) {
        if (!code.contains("not")) {
            return code;
        }
        StringBuilder out = new StringBuilder(code.length());
        Matcher m = NOT_OPERATOR.matcher(code);
        int k = 0;
        while (k < code.length()) {
            char c = code.charAt(k);
            if (c == '\'' || c == '"') {
                int end = k + 1;
                while (end < code.length() && code.charAt(end) != c) {
                    end += code.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end + 1, code.length());
                out.append(code, k, end);
                k = end;
                continue;
            }
            boolean wordStart = k == 0 || !Character.isLetterOrDigit(code.charAt(k - 1)) && code.charAt(k - 1) != '_';
            if (wordStart
                    && code.startsWith("not", k)
                    && m.region(k, code.length()).lookingAt()) {
                String operand = m.group(1);
                String replacement = switch (m.group(2)) {
                    case "==" -> operand + " != ";
                    case "!=" -> operand + " == ";
                    default -> operand + " not in ";
                };
                out.append(replacement);
                k = m.end();
                continue;
            }
            out.append(c);
            k++;
        }
        return out.toString();
    }
}
