package io.github.camelllm.component;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.github.camelllm.spi.LlmInvalidRequestException;

/**
 * Syntax check of a GBNF grammar (llama.cpp's grammar format) before it is sent: llama.cpp ignores a grammar it
 * cannot parse and generates unconstrained text, so a typo would otherwise go unnoticed. Checks rule syntax, literals,
 * character classes, groups, repetitions, that {@code root} exists and that every referenced rule is defined.
 */
final class GbnfValidator {

    private final String src;
    private int pos;
    private final Map<String, Integer> defined = new LinkedHashMap<>();
    private final Map<String, Integer> referenced = new LinkedHashMap<>();

    private GbnfValidator(String src) {
        this.src = src;
    }

    static void check(String grammar) {
        new GbnfValidator(grammar).parse();
    }

    private void parse() {
        skipSpace(true);
        while (pos < src.length()) {
            int start = pos;
            String name = name();
            if (name.isEmpty()) {
                throw error("expected a rule name");
            }
            skipSpace(false);
            if (!src.startsWith("::=", pos)) {
                throw error("expected '::=' after rule name '" + name + "'");
            }
            pos += 3;
            if (defined.putIfAbsent(name, start) != null) {
                // llama.cpp accepts redefinition by appending alternatives; keep it legal
                defined.put(name, start);
            }
            alternatives(false);
            skipSpace(true);
        }
        if (!defined.containsKey("root")) {
            throw new LlmInvalidRequestException("grammar has no 'root' rule (generation starts from root)");
        }
        Set<String> missing = new LinkedHashSet<>(referenced.keySet());
        missing.removeAll(defined.keySet());
        if (!missing.isEmpty()) {
            String first = missing.iterator().next();
            pos = referenced.get(first);
            throw error("rule '" + first + "' is used but never defined");
        }
    }

    /** Alternatives up to the end of the rule (a newline outside groups) or a closing parenthesis inside a group. */
    private void alternatives(boolean nested) {
        sequence(nested);
        while (true) {
            skipSpace(nested);
            if (pos < src.length() && src.charAt(pos) == '|') {
                pos++;
                sequence(nested);
            } else {
                return;
            }
        }
    }

    private void sequence(boolean nested) {
        skipSpace(nested);
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '"') {
                literal();
            } else if (c == '[') {
                charClass();
            } else if (c == '(') {
                pos++;
                alternatives(true);
                skipSpace(true);
                if (pos >= src.length() || src.charAt(pos) != ')') {
                    throw error("missing ')'");
                }
                pos++;
            } else if (c == '.') {
                pos++;
            } else if (isNameChar(c)) {
                int at = pos;
                String name = name();
                int save = pos;
                skipSpace(false);
                if (src.startsWith("::=", pos)) {
                    // start of the next rule on the same logical line: not allowed without a newline
                    if (!nested) {
                        pos = at;
                        return;
                    }
                    throw error("missing ')' before rule '" + name + "'");
                }
                pos = save;
                referenced.putIfAbsent(name, at);
            } else if (c == '|' || c == ')' || c == '\n' || c == '\r') {
                return;
            } else {
                throw error("unexpected character '" + c + "'");
            }
            repetition();
            int before = pos;
            skipSpace(nested);
            if (!nested && before != pos && (pos >= src.length() || lineBreakBetween(before, pos))) {
                return;
            }
        }
    }

    private boolean lineBreakBetween(int from, int to) {
        for (int i = from; i < to; i++) {
            if (src.charAt(i) == '\n') {
                return true;
            }
        }
        return false;
    }

    private void repetition() {
        if (pos >= src.length()) {
            return;
        }
        char c = src.charAt(pos);
        if (c == '*' || c == '+' || c == '?') {
            pos++;
        } else if (c == '{') {
            int close = src.indexOf('}', pos);
            if (close < 0 || !src.substring(pos + 1, close).trim().matches("\\d+(\\s*,\\s*\\d*)?")) {
                throw error("malformed repetition, expected {n}, {n,} or {n,m}");
            }
            pos = close + 1;
        }
    }

    private void literal() {
        delimited('"', "unterminated string literal");
    }

    private void charClass() {
        delimited(']', "unterminated character class");
    }

    /** Skips an opening character and everything up to {@code close} on the same line, honouring backslash escapes. */
    private void delimited(char close, String error) {
        int start = pos;
        pos++;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\\') {
                pos += 2;
            } else if (c == close) {
                pos++;
                return;
            } else if (c == '\n') {
                break;
            } else {
                pos++;
            }
        }
        pos = start;
        throw error(error);
    }

    private String name() {
        int start = pos;
        while (pos < src.length() && isNameChar(src.charAt(pos))) {
            pos++;
        }
        return src.substring(start, pos);
    }

    private static boolean isNameChar(char c) {
        return c == '-' || c == '_' || Character.isLetterOrDigit(c);
    }

    /** Skips blanks and comments; newlines too when {@code newlines} is true. */
    private void skipSpace(boolean newlines) {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == ' ' || c == '\t' || (newlines && (c == '\n' || c == '\r'))) {
                pos++;
            } else if (!newlines && (c == '\n' || c == '\r')) {
                // a newline followed by indentation continues the rule when the next token is not a new rule
                int look = pos;
                while (look < src.length() && Character.isWhitespace(src.charAt(look))) {
                    look++;
                }
                if (look < src.length() && continuesRule(look)) {
                    pos = look;
                } else {
                    return;
                }
            } else {
                return;
            }
        }
    }

    private boolean continuesRule(int at) {
        char c = src.charAt(at);
        if (c == '|') {
            return true;
        }
        if (!isNameChar(c)) {
            return c == '"' || c == '[' || c == '(' || c == '.';
        }
        int i = at;
        while (i < src.length() && isNameChar(src.charAt(i))) {
            i++;
        }
        while (i < src.length() && (src.charAt(i) == ' ' || src.charAt(i) == '\t')) {
            i++;
        }
        return !src.startsWith("::=", i);
    }

    private LlmInvalidRequestException error(String what) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < Math.min(pos, src.length()); i++) {
            if (src.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new LlmInvalidRequestException(
                "grammar is not valid GBNF at line " + line + ", column " + col + ": " + what);
    }
}
