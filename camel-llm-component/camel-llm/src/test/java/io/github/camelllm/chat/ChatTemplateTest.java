package io.github.camelllm.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.github.camelllm.spi.ChatMessage;

class ChatTemplateTest {

    /**
     * Phi-3 mini's tokenizer.chat_template as llama.cpp reads it from the GGUF (269 chars): the
     * JSON-decoded text, where each {@code '\n'} inside the Jinja quotes is a real newline.
     */
    static final String PHI3_GGUF_TEMPLATE = "{{ bos_token }}{% for message in messages %}"
            + "{% if (message['role'] == 'user') %}"
            + "{{'<|user|>' + '\n' + message['content'] + '<|end|>' + '\n' + '<|assistant|>' + '\n'}}"
            + "{% elif (message['role'] == 'assistant') %}{{message['content'] + '<|end|>' + '\n'}}"
            + "{% endif %}{% endfor %}";

    /** The same template with the escape sequence spelled out (backslash + n, 273 chars). */
    static final String PHI3_ESCAPED_TEMPLATE = PHI3_GGUF_TEMPLATE.replace("\n", "\\n");

    static final List<ChatMessage> CONVERSATION = List.of(
            ChatMessage.system("You are terse."),
            ChatMessage.user("Hi"),
            ChatMessage.assistant("Hello!"),
            ChatMessage.user("What is 2+2?"));

    private static String render(String template, List<ChatMessage> messages) {
        return ChatTemplate.fromJinja(template, "test").render(messages, new ChatTemplateContext("<s>", "</s>", true));
    }

    private static String renderUser(String template, String content) {
        return render(template, List.of(ChatMessage.user(content)));
    }

    private static IllegalArgumentException failure(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run);
    }

    // ---- the real Phi-3 GGUF template vs llama.cpp

    @Test
    void phi3GgufTemplateMatchesLlamaCpp() {
        assertEquals(269, PHI3_GGUF_TEMPLATE.length());
        List<ChatMessage> conv =
                List.of(ChatMessage.user("Hello"), ChatMessage.assistant("Hi there"), ChatMessage.user("How are you?"));
        String llamaCpp =
                "<|user|>\nHello<|end|>\n<|assistant|>\nHi there<|end|>\n<|user|>\nHow are you?<|end|>\n<|assistant|>\n";
        ChatTemplate t = ChatTemplate.resolve(null, PHI3_GGUF_TEMPLATE, "Phi-3-mini-4k-instruct");
        assertEquals("model's tokenizer.chat_template", t.name());
        assertEquals("<s>" + llamaCpp, t.render(conv, new ChatTemplateContext("<s>", "<|endoftext|>", true)));

        assertEquals(273, PHI3_ESCAPED_TEMPLATE.length());
        assertEquals(
                "<s>" + llamaCpp,
                ChatTemplate.fromJinja(PHI3_ESCAPED_TEMPLATE, "escaped")
                        .render(conv, new ChatTemplateContext("<s>", "<|endoftext|>", true)));
    }

    // ---- built-in templates on [system, user, assistant, user]

    private static void assertBuiltIn(String name, String bos, String eos, String withoutPrompt, String prompt) {
        ChatTemplate t = ChatTemplate.named(name);
        assertEquals(name, t.name());
        assertEquals(
                withoutPrompt + prompt,
                t.render(CONVERSATION, new ChatTemplateContext(bos, eos, true)),
                name + " with generation prompt");
        assertEquals(
                withoutPrompt,
                t.render(CONVERSATION, new ChatTemplateContext(bos, eos, false)),
                name + " without generation prompt");
    }

    @Test
    void chatml() {
        assertBuiltIn(
                "chatml",
                "",
                "<|im_end|>",
                "<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
                        + "<|im_start|>assistant\nHello!<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n",
                "<|im_start|>assistant\n");
    }

    @Test
    void llama2() {
        assertBuiltIn(
                "llama2",
                "<s>",
                "</s>",
                "<s>[INST] <<SYS>>\nYou are terse.\n<</SYS>>\n\nHi [/INST] Hello! </s><s>[INST] What is 2+2? [/INST]",
                "");
    }

    @Test
    void llama3() {
        assertBuiltIn(
                "llama3",
                "<|begin_of_text|>",
                "<|eot_id|>",
                "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are terse.<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|>",
                "<|start_header_id|>assistant<|end_header_id|>\n\n");
    }

    @Test
    void mistral() {
        assertBuiltIn(
                "mistral",
                "<s>",
                "</s>",
                "<s>[INST] You are terse.\n\nHi [/INST]Hello!</s>[INST] What is 2+2? [/INST]",
                "");
    }

    @Test
    void gemma() {
        assertBuiltIn(
                "gemma",
                "<bos>",
                "<eos>",
                "<bos><start_of_turn>user\nYou are terse.\n\nHi<end_of_turn>\n<start_of_turn>model\nHello!<end_of_turn>\n"
                        + "<start_of_turn>user\nWhat is 2+2?<end_of_turn>\n",
                "<start_of_turn>model\n");
    }

    @Test
    void phi3() {
        assertBuiltIn(
                "phi3",
                "<s>",
                "<|endoftext|>",
                "<|system|>\nYou are terse.<|end|>\n<|user|>\nHi<|end|>\n<|assistant|>\nHello!<|end|>\n"
                        + "<|user|>\nWhat is 2+2?<|end|>\n",
                "<|assistant|>\n");
    }

    @Test
    void phi4() {
        assertBuiltIn(
                "phi4",
                "",
                "<|im_end|>",
                "<|im_start|>system<|im_sep|>You are terse.<|im_end|><|im_start|>user<|im_sep|>Hi<|im_end|>"
                        + "<|im_start|>assistant<|im_sep|>Hello!<|im_end|><|im_start|>user<|im_sep|>What is 2+2?<|im_end|>",
                "<|im_start|>assistant<|im_sep|>");
    }

    @Test
    void zephyr() {
        assertBuiltIn(
                "zephyr",
                "<s>",
                "</s>",
                "<|system|>\nYou are terse.</s>\n<|user|>\nHi</s>\n<|assistant|>\nHello!</s>\n<|user|>\nWhat is 2+2?</s>\n",
                "<|assistant|>\n");
    }

    @Test
    void deepseek() {
        assertBuiltIn(
                "deepseek",
                "<｜begin▁of▁sentence｜>",
                "<｜end▁of▁sentence｜>",
                "<｜begin▁of▁sentence｜>You are terse.<｜User｜>Hi<｜Assistant｜>Hello!<｜end▁of▁sentence｜>"
                        + "<｜User｜>What is 2+2?",
                "<｜Assistant｜>");
    }

    @Test
    void deepseekDropsEarlierReasoning() {
        List<ChatMessage> conv = List.of(
                ChatMessage.user("Hi"), ChatMessage.assistant("<think>\nhmm\n</think>Hello!"), ChatMessage.user("Bye"));
        assertEquals(
                "<s><｜User｜>Hi<｜Assistant｜>Hello!<｜end▁of▁sentence｜><｜User｜>Bye<｜Assistant｜>",
                ChatTemplate.named("deepseek").render(conv, new ChatTemplateContext("<s>", "", true)));
    }

    @Test
    void builtInsWithoutSystemMessage() {
        List<ChatMessage> conv = List.of(ChatMessage.user(" Hi "));
        ChatTemplateContext ctx = new ChatTemplateContext("<s>", "</s>", true);
        assertEquals("<s>[INST] Hi [/INST]", ChatTemplate.named("llama2").render(conv, ctx));
        assertEquals("<s>[INST]  Hi  [/INST]", ChatTemplate.named("mistral").render(conv, ctx));
        assertEquals(
                "<s><start_of_turn>user\nHi<end_of_turn>\n<start_of_turn>model\n",
                ChatTemplate.named("gemma").render(conv, ctx));
    }

    @Test
    void toolRole() {
        List<ChatMessage> conv = List.of(ChatMessage.user("weather?"), ChatMessage.tool("sunny"));
        ChatTemplateContext ctx = new ChatTemplateContext("", "", false);
        assertEquals(
                "<|im_start|>user\nweather?<|im_end|>\n<|im_start|>tool\nsunny<|im_end|>\n",
                ChatTemplate.named("chatml").render(conv, ctx));
        assertEquals(
                "chat template error: the gemma chat template supports user and assistant messages and one "
                        + "leading system message, not tool",
                failure(() -> ChatTemplate.named("gemma").render(conv, ctx)).getMessage());
    }

    @Test
    void builtInNamesAndLookup() {
        assertEquals(
                Set.of("chatml", "deepseek", "gemma", "llama2", "llama3", "mistral", "phi3", "phi4", "zephyr"),
                ChatTemplate.builtInNames());
        assertEquals(
                "[chatml, deepseek, gemma, llama2, llama3, mistral, phi3, phi4, zephyr]",
                ChatTemplate.builtInNames().toString());
        assertSame(ChatTemplate.named("chatml"), ChatTemplate.named(" ChatML "));
        for (String name : ChatTemplate.builtInNames()) {
            assertTrue(ChatTemplate.named(name).source().contains("messages"), name);
        }
        assertEquals(
                "unknown chatTemplate 'foo': expected one of chatml, deepseek, gemma, llama2, llama3, mistral, "
                        + "phi3, phi4, zephyr or a Jinja template text",
                failure(() -> ChatTemplate.named("foo")).getMessage());
    }

    // ---- resolve()

    @Test
    void resolveWithoutAnyTemplateFailsNamingTheModel() {
        String expected = "model 'tiny-llama.Q4_K_M' has no chat template (tokenizer.chat_template is missing from "
                + "its GGUF metadata); set the chatTemplate option to one of chatml, deepseek, gemma, llama2, llama3, "
                + "mistral, phi3, phi4, zephyr or to a Jinja template text";
        assertEquals(
                expected,
                failure(() -> ChatTemplate.resolve(null, null, "tiny-llama.Q4_K_M"))
                        .getMessage());
        assertEquals(
                expected,
                failure(() -> ChatTemplate.resolve("  ", "", "tiny-llama.Q4_K_M"))
                        .getMessage());
    }

    @Test
    void resolveOptionWins() {
        assertSame(ChatTemplate.named("chatml"), ChatTemplate.resolve("chatml", PHI3_GGUF_TEMPLATE, "m"));
        ChatTemplate jinja =
                ChatTemplate.resolve("{% for m in messages %}[{{ m.content }}]{% endfor %}", PHI3_GGUF_TEMPLATE, "m");
        assertEquals("chatTemplate option", jinja.name());
        assertEquals(
                "[a][b]",
                jinja.render(
                        List.of(ChatMessage.user("a"), ChatMessage.assistant("b")),
                        new ChatTemplateContext("", "", true)));
        ChatTemplate expressionOnly = ChatTemplate.resolve("{{ messages[0]['content'] }}!", null, "m");
        assertEquals(
                "a!", expressionOnly.render(List.of(ChatMessage.user("a")), new ChatTemplateContext("", "", true)));
        assertEquals(
                "unknown chatTemplate 'chatmlx': expected one of chatml, deepseek, gemma, llama2, llama3, "
                        + "mistral, phi3, phi4, zephyr or a Jinja template text",
                failure(() -> ChatTemplate.resolve("chatmlx", PHI3_GGUF_TEMPLATE, "m"))
                        .getMessage());
    }

    @Test
    void resolveUsesModelTemplate() {
        ChatTemplate t = ChatTemplate.resolve(null, "{{ messages | length }}", "m");
        assertEquals("model's tokenizer.chat_template", t.name());
        assertEquals("4", t.render(CONVERSATION, new ChatTemplateContext("", "", true)));
    }

    // ---- raise_exception and errors

    static final String ALTERNATING = "{{ bos_token }}{% for message in messages %}"
            + "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
            + "{{ raise_exception('Conversation roles must alternate') }}{% endif %}"
            + "{{ '[' + message['role'] + '] ' + message['content'] }}{% endfor %}";

    @Test
    void raiseException() {
        assertEquals(
                "<s>[user] a[assistant] b",
                render(ALTERNATING, List.of(ChatMessage.user("a"), ChatMessage.assistant("b"))));
        IllegalArgumentException e =
                failure(() -> render(ALTERNATING, List.of(ChatMessage.user("a"), ChatMessage.user("b"))));
        assertEquals("chat template error: Conversation roles must alternate", e.getMessage());
    }

    @Test
    void brokenTagStructureFailsWhenCreated() {
        IllegalArgumentException e =
                failure(() -> ChatTemplate.fromJinja("{% for m in messages %}\n{{ m.content }}", "broken"));
        assertTrue(e.getMessage().startsWith("chat template 'broken' could not be rendered: "), e.getMessage());
        assertTrue(e.getMessage().contains("Missing end tag: endfor"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(line 1)"), e.getMessage());
    }

    @Test
    void brokenExpressionFailsWithLineNumber() {
        IllegalArgumentException e = failure(() -> renderUser("line one\n{{ 'ok' }}\n{{ 1 + }}", "x"));
        assertTrue(
                e.getMessage().startsWith("chat template 'test' could not be rendered: Error parsing '1 +'"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("(line 3)"), e.getMessage());
    }

    @Test
    void unknownFunctionAndMethodFail() {
        assertEquals(
                "chat template 'test' could not be rendered: Could not resolve function 'no_such_fn' (line 1)",
                failure(() -> renderUser("{{ no_such_fn(1) }}", "x")).getMessage());
        assertEquals(
                "chat template 'test' could not be rendered: Cannot find method no_such_method with 0 "
                        + "parameters in class java.lang.String (line 2)",
                failure(() -> renderUser("\n{{ messages[0].content.no_such_method() }}", "x"))
                        .getMessage());
    }

    @Test
    void unknownVariablesAreLenient() {
        assertEquals("[]|[x]", renderUser("[{{ nothing }}]|[{{ messages[0].content }}{{ messages[0].missing }}]", "x"));
        assertEquals(
                "no tools", renderUser("{% if tools is defined and tools %}tools{% else %}no tools{% endif %}", "x"));
    }

    @Test
    void emptyOrBlankTemplateIsRejected() {
        assertEquals(
                "chat template 'empty' is empty",
                failure(() -> ChatTemplate.fromJinja(" ", "empty")).getMessage());
    }

    @Test
    void includeIsDisabled() {
        IllegalArgumentException e = failure(() -> renderUser("{% include 'secret.txt' %}", "x"));
        assertTrue(e.getMessage().contains("'include' is disabled"), e.getMessage());
    }

    // ---- Python-Jinja compatibility

    @Test
    void noHtmlEscapingAndNoInterpretationOfContent() {
        String content = "<b>&amp;'\"</b> {{ bos_token }} {% if %} {# x #}";
        assertEquals(content, renderUser("{{ messages[0]['content'] }}", content));
    }

    @Test
    void subscriptAndAttributeAccessAndLoopVariables() {
        String t = "{{ messages[0]['role'] }}|{% for m in messages %}{{ loop.index0 }}{{ m.role }}"
                + "{% if loop.first %}F{% endif %}{% if loop.last %}L{% endif %}{{ m['content'] }};{% endfor %}"
                + "{{ messages[-1].content }}";
        assertEquals(
                "system|0systemFYou are terse.;1userHi;2assistantHello!;3userLWhat is 2+2?;What is 2+2?",
                render(t, CONVERSATION));
    }

    @Test
    void namespaceSlicingBreakContinue() {
        String t = "{% set ns = namespace(n=0, text='') %}{% for m in messages[1:] %}"
                + "{% if m.role == 'assistant' %}{% continue %}{% endif %}{% set ns.n = ns.n + 1 %}"
                + "{% set ns.text = ns.text + m.content %}{% endfor %}{{ ns.n }}:{{ ns.text }}"
                + "{% for m in messages %}{% if loop.index0 == 1 %}{% break %}{% endif %}/{{ m.role }}{% endfor %}";
        assertEquals("2:HiWhat is 2+2?/system", render(t, CONVERSATION));
    }

    @Test
    void pythonStringMethods() {
        String t = "[{{ messages[0].content.strip() }}][{{ messages[0].content | trim }}]"
                + "[{{ messages[0].content.lstrip() }}][{{ messages[0].content.rstrip() }}]"
                + "[{{ 'xxhixx'.strip('x') }}][{{ '\\n\\nhi\\n'.lstrip('\\n') }}][{{ 'hi\\n\\n'.rstrip('\\n') }}]"
                + "[{{ messages[0].content.strip().upper() }}][{{ 'HeLLo'.lower() }}][{{ 'hello wORLD'.title() }}]"
                + "[{{ 'hello World'.capitalize() }}]"
                + "[{{ messages[0].content.strip().startswith('Hi') }}][{{ 'abc'.endswith('bc') }}]"
                + "[{{ 'abc'.startswith(('x', 'a')) }}][{{ 'abc'.startswith('b') }}]"
                + "[{{ 'a.b.c'.split('.') | length }}][{{ 'a.b.c'.split('.', 1)[1] }}][{{ ' a  b '.split() | join('|') }}]"
                + "[{{ 'a</think>b'.split('</think>')[-1] }}][{{ ', '.join(['x', 'y']) }}]"
                + "[{{ 'aaa'.replace('a', 'b', 2) }}][{{ 'abc'.find('c') }}]"
                + "[{{ {'k': 'v'}.get('k', 'd') }}{{ {'k': 'v'}.get('z', 'd') }}]";
        assertEquals(
                "[Hi there][Hi there][Hi there \n][  Hi there][hi][hi\n][hi][HI THERE][hello][Hello World]"
                        + "[Hello world][true][true][true][false][3][b.c][a|b][b][x, y][bba][2][vd]",
                renderUser(t, "  Hi there \n"));
    }

    @Test
    void tojsonLikePythonJsonDumps() {
        List<ChatMessage> conv = List.of(ChatMessage.user("say \"hi\"\nté\\"));
        assertEquals(
                "{\"role\": \"user\", \"content\": \"say \\\"hi\\\"\\nté\\\\\"}",
                render("{{ messages[0] | tojson }}", conv));
        assertEquals(
                "[{\"role\": \"user\", \"content\": \"say \\\"hi\\\"\\nté\\\\\"}]",
                render("{{ messages | tojson }}", conv));
        assertEquals(
                "{\n  \"a\": [\n    1,\n    true,\n    null\n  ],\n  \"b\": {}\n}",
                renderUser("{{ {'a': [1, true, none], 'b': {} } | tojson(indent=2) }}", "x"));
        assertEquals("\"x\"", renderUser("{{ 'x' | tojson }}", "x"));
    }

    @Test
    void whitespaceHandlingMatchesHuggingFace() {
        // transformers renders with trim_blocks=True, lstrip_blocks=True and drops one trailing newline
        String t = "{% for message in messages %}\n"
                + "    {% if message.role == 'user' %}\n"
                + "U: {{ message.content }}\n"
                + "    {% endif %}\n"
                + "{% endfor %}\n"
                + "{%- if add_generation_prompt %}A:{% endif %}\n";
        assertEquals("U: Hi\nU: What is 2+2?\nA:", render(t, CONVERSATION));
        assertEquals("a\nb", render("a\r\n{{ 'b' }}\r\n", List.of()));
        assertEquals("x   y", renderUser("x  {{- ' ' -}}  {# c #}  y", "q"));
        // lstrip_blocks only strips indentation when the tag starts its line; {%+ disables it
        assertEquals(
                "a   y|  z",
                render("a {% if true %}  y{% endif %}|\n  {# c #}\n  z", List.of())
                        .replace("\n", ""));
        assertEquals("a\n  y", render("a\n  {%+ if true %}y{% endif %}", List.of()));
        assertEquals("a\ny", render("a\n  {% if true %}y{% endif %}", List.of()));
    }

    @Test
    void trimMarkersOnExpressionsAndComments() {
        assertEquals("ab", renderUser("a   {{- '' -}}   {#- c -#}   b", "q"));
    }

    @Test
    void operatorPrecedenceLikePython() {
        assertEquals(
                "aB|AB|true|false",
                renderUser(
                        "{{ 'a' + 'b' | upper }}|{{ ('a' + 'b') | upper }}|{{ 1 + 2 * 3 == 7 }}|{{ 1 + 2 * 3 == 9 }}",
                        "x"));
    }

    @Test
    void notBindsLikePython() {
        // Python: not a in b == not (a in b); not a == b == not (a == b); not a is t == not (a is t)
        String t = "{{ not 1 == 2 }}|{{ not messages[0].content == 'x' }}|{{ not 'y' in messages[0].content }}"
                + "|{{ not 'x' in messages[0]['content'] }}|{{ not messages|length == 1 }}|{{ not 1 != 1 }}"
                + "|{% if not tools is defined %}no-tools{% endif %}|{{ not tools is none }}"
                + "|{{ not add_generation_prompt }}|{{ not (1 == 1) }}|{{ 'do not x in y' }}";
        assertEquals("true|false|true|false|false|true|no-tools|false|false|false|do not x in y", renderUser(t, "x"));
        assertEquals("do not a in b: true", renderUser("do not a in b: {{ not 'a' in 'b' }}", "x"));
    }

    @Test
    void generationTagRendersItsBody() {
        assertEquals(
                "<a>Hi</a>", renderUser("<a>{% generation %}{{ messages[0].content }}{% endgeneration %}</a>", "Hi"));
    }

    @Test
    void strftimeNow() {
        assertEquals(Year.now().toString(), renderUser("{{ strftime_now('%Y') }}", "x"));
        assertTrue(renderUser("{{ strftime_now('%d %b %Y') }}", "x").matches("\\d{2} [A-Z][a-z]{2} \\d{4}"));
    }

    @Test
    void emptyConversationRenders() {
        assertEquals(
                "<|im_start|>assistant\n",
                ChatTemplate.named("chatml").render(List.of(), new ChatTemplateContext(null, null, true)));
    }

    // ---- caching and thread safety

    @Test
    void concurrentRendersOfOneTemplate() throws Exception {
        ChatTemplate t = ChatTemplate.fromJinja(PHI3_GGUF_TEMPLATE, "phi3-gguf");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int worker = 0; worker < 8; worker++) {
                int w = worker;
                results.add(pool.submit(() -> {
                    int done = 0;
                    for (int i = 0; i < 100; i++) {
                        String q = "q" + w + "-" + i;
                        String a = "a" + w + "-" + i;
                        String out = t.render(
                                List.of(ChatMessage.user(q), ChatMessage.assistant(a)),
                                new ChatTemplateContext("<s" + w + ">", "", true));
                        assertEquals("<s" + w + "><|user|>\n" + q + "<|end|>\n<|assistant|>\n" + a + "<|end|>\n", out);
                        done++;
                    }
                    return done;
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(100, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
