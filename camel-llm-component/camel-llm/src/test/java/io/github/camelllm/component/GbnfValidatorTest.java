package io.github.camelllm.component;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.camelllm.spi.LlmInvalidRequestException;

class GbnfValidatorTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "root ::= \"yes\" | \"no\"",
                "root ::= answer\nanswer ::= (\"yes\" | \"no\") \".\"?",
                "# comment\nroot   ::= object\nobject ::= \"{\" ws ( string \":\" ws value (\",\" ws string \":\" ws value)* )? \"}\"\n"
                        + "value ::= object | string | [0-9]+\nstring ::= \"\\\"\" ( [^\"\\\\] | \"\\\\\" . )* \"\\\"\"\nws ::= [ \\t\\n]*",
                "root ::= item{2,5} \"!\"\nitem ::= [a-z]{1,}",
                "root ::=\n    \"a\"\n  | \"b\"",
            })
    void acceptsValidGrammars(String grammar) {
        assertDoesNotThrow(() -> GbnfValidator.check(grammar));
    }

    @Test
    void reportsPositionOfAnUnclosedGroup() {
        LlmInvalidRequestException e =
                assertThrows(LlmInvalidRequestException.class, () -> GbnfValidator.check("root ::= ( \"a\""));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("missing ')'"), e.getMessage());
    }

    @Test
    void reportsUnterminatedLiteralAndClass() {
        assertTrue(assertThrows(LlmInvalidRequestException.class, () -> GbnfValidator.check("root ::= \"abc"))
                .getMessage()
                .contains("unterminated string literal"));
        assertTrue(assertThrows(LlmInvalidRequestException.class, () -> GbnfValidator.check("root ::= [a-z"))
                .getMessage()
                .contains("unterminated character class"));
    }

    @Test
    void requiresRootAndDefinedRules() {
        assertTrue(assertThrows(LlmInvalidRequestException.class, () -> GbnfValidator.check("start ::= \"a\""))
                .getMessage()
                .contains("no 'root' rule"));
        LlmInvalidRequestException e =
                assertThrows(LlmInvalidRequestException.class, () -> GbnfValidator.check("root ::= greeting\n"));
        assertTrue(e.getMessage().contains("rule 'greeting' is used but never defined"), e.getMessage());
        assertTrue(e.getMessage().contains("line 1, column 10"), e.getMessage());
    }

    @Test
    void rejectsMissingAssignmentAndBadRepetition() {
        assertTrue(assertThrows(LlmInvalidRequestException.class, () -> GbnfValidator.check("root \"a\""))
                .getMessage()
                .contains("expected '::='"));
        assertTrue(assertThrows(LlmInvalidRequestException.class, () -> GbnfValidator.check("root ::= \"a\"{x}"))
                .getMessage()
                .contains("malformed repetition"));
    }
}
