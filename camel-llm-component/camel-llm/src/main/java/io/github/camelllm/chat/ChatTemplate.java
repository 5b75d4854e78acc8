package io.github.camelllm.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.loader.ResourceNotFoundException;
import com.hubspot.jinjava.objects.date.StrftimeFormatter;
import com.hubspot.jinjava.tree.Node;

import jinjava.javax.el.CompositeELResolver;

import io.github.camelllm.spi.ChatMessage;

/**
 * A chat template: turns a list of {@link ChatMessage}s into the prompt text a model expects.
 *
 * <p>Templates are Hugging Face style Jinja templates, the same kind GGUF files store under
 * {@code tokenizer.chat_template}. They are rendered with Jinjava, configured to behave like the
 * Python environment {@code transformers} uses for {@code apply_chat_template}:
 * <ul>
 *   <li>{@code trim_blocks} and {@code lstrip_blocks} are on (as in {@code transformers} and
 *       llama.cpp), one trailing newline of the template source is dropped, and nothing is
 *       HTML-escaped;</li>
 *   <li>variables: {@code messages} (a list of maps with {@code role} and {@code content}),
 *       {@code bos_token}, {@code eos_token}, {@code add_generation_prompt};</li>
 *   <li>functions: {@code raise_exception(msg)} (makes {@link #render} throw
 *       {@code IllegalArgumentException("chat template error: " + msg)}) and
 *       {@code strftime_now(format)};</li>
 *   <li>{@code tojson} writes JSON exactly like Python's {@code json.dumps} (with
 *       {@code ensure_ascii=False}); the Python string methods {@code strip}, {@code lstrip},
 *       {@code rstrip}, {@code startswith}, {@code endswith}, {@code split}, {@code upper},
 *       {@code lower}, {@code title}, {@code capitalize}, {@code replace}, {@code join},
 *       {@code find} and {@code dict.get(key, default)} work; {@code namespace()},
 *       {@code loop.*}, {@code break}/{@code continue} and {@code {% generation %}} are
 *       supported;</li>
 *   <li>{@code not a in b}, {@code not a == b} and {@code not a != b} mean {@code not (...)} as
 *       in Python, for simple operands (Jinjava's {@code not} otherwise binds tighter);</li>
 *   <li>message contents are never interpreted as template code, and {@code include},
 *       {@code import}, {@code from} and {@code extends} are disabled.</li>
 * </ul>
 * Unknown variables render as empty (like Python's default {@code Undefined}); syntax errors,
 * unknown functions, unknown methods and other fatal Jinjava errors make rendering fail.
 * Known differences from Python Jinja: a literal <code>}}</code> inside an expression (e.g.
 * <code>{{ {'a': {}} }}</code>) ends the expression early (write <code>{} }</code> instead), booleans
 * print as {@code true}/{@code false} rather than {@code True}/{@code False}, and
 * {@code 'a' + 1} concatenates instead of failing.
 *
 * <p>A template is parsed once, when the instance is created; instances are immutable and
 * {@link #render} may be called from several threads at once.
 */
public final class ChatTemplate {

    private static final List<String> BUILT_IN_NAMES =
            List.of("chatml", "deepseek", "gemma", "llama2", "llama3", "mistral", "phi3", "phi4", "zephyr");
    private static final String BUILT_IN_LIST = String.join(", ", BUILT_IN_NAMES);
    private static final String MODEL_TEMPLATE_NAME = "model's tokenizer.chat_template";

    private static final Jinjava JINJAVA = createJinjava();
    private static final Map<String, ChatTemplate> BUILT_INS = new ConcurrentHashMap<>();

    private final String name;
    private final String source;
    private final Node tree;

    private ChatTemplate(String name, String source) {
        this.name = name;
        this.source = source;
        this.tree = parse(name, PythonSyntax.adapt(source));
    }

    /**
     * One of the built-in templates, see {@link #builtInNames()}. Built-in templates ship as
     * Jinja files under {@code io/github/camelllm/chat/templates/} and print {@code bos_token}
     * and {@code eos_token} where the format has them.
     *
     * @param name the template name, case-insensitive, e.g. {@code chatml}
     * @return the (shared, already parsed) template
     * @throws IllegalArgumentException if there is no built-in template of that name
     */
    public static ChatTemplate named(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (!BUILT_IN_NAMES.contains(key)) {
            throw new IllegalArgumentException("unknown chatTemplate '" + name + "': expected one of " + BUILT_IN_LIST
                    + " or a Jinja template text");
        }
        return BUILT_INS.computeIfAbsent(key, k -> new ChatTemplate(k, loadBuiltIn(k)));
    }

    /**
     * A template from Jinja source, e.g. a GGUF file's {@code tokenizer.chat_template}.
     *
     * @param source      the Jinja template text
     * @param displayName how errors refer to this template
     * @return the parsed template
     * @throws IllegalArgumentException if the source is blank or cannot be parsed (the message
     *                                  starts with {@code chat template '<displayName>' could not
     *                                  be rendered:})
     */
    public static ChatTemplate fromJinja(String source, String displayName) {
        String display = displayName == null || displayName.isBlank() ? "custom" : displayName;
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("chat template '" + display + "' is empty");
        }
        return new ChatTemplate(display, source);
    }

    /**
     * Chooses the template for an endpoint.
     *
     * <ol>
     *   <li>A non-blank {@code chatTemplateOption} wins: if it contains <code>&#123;&#123;</code> or <code>&#123;%</code>
     *       it is Jinja source, otherwise the name of a built-in template.</li>
     *   <li>Otherwise the model's own template ({@code modelTemplate}) is used.</li>
     *   <li>Otherwise this fails: there is deliberately no silent fallback to some default
     *       format, since a wrong prompt format gives plausible-looking but degraded output.</li>
     * </ol>
     *
     * @param chatTemplateOption the endpoint's {@code chatTemplate} option, may be {@code null}
     * @param modelTemplate      the model's {@code tokenizer.chat_template}, may be {@code null}
     * @param modelName          the model's name, used in the error message
     * @return the template
     * @throws IllegalArgumentException if the option names no built-in template, a template
     *                                  cannot be parsed, or there is no template at all
     */
    public static ChatTemplate resolve(String chatTemplateOption, String modelTemplate, String modelName) {
        if (chatTemplateOption != null && !chatTemplateOption.isBlank()) {
            if (chatTemplateOption.contains("{{") || chatTemplateOption.contains("{%")) {
                return fromJinja(chatTemplateOption, "chatTemplate option");
            }
            return named(chatTemplateOption);
        }
        if (modelTemplate != null && !modelTemplate.isBlank()) {
            return fromJinja(modelTemplate, MODEL_TEMPLATE_NAME);
        }
        throw new IllegalArgumentException("model '" + modelName + "' has no chat template "
                + "(tokenizer.chat_template is missing from its GGUF metadata); set the chatTemplate option to one of "
                + BUILT_IN_LIST + " or to a Jinja template text");
    }

    /**
     * The names of the built-in templates.
     *
     * @return the names, sorted, unmodifiable
     */
    public static Set<String> builtInNames() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(BUILT_IN_NAMES));
    }

    /**
     * The template's name: the built-in name, or the display name given to
     * {@link #fromJinja(String, String)}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The Jinja source of the template, as given.
     *
     * @return the source
     */
    public String source() {
        return source;
    }

    /**
     * Renders the prompt for a conversation.
     *
     * @param messages the conversation, may be empty
     * @param ctx      the model's special tokens and whether to add the generation prompt
     * @return the prompt text
     * @throws IllegalArgumentException {@code chat template error: <msg>} if the template calls
     *                                  {@code raise_exception(msg)}; {@code chat template '<name>'
     *                                  could not be rendered: <reason> (line N)} on any other
     *                                  fatal template error
     */
    public String render(List<ChatMessage> messages, ChatTemplateContext ctx) {
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(ctx, "ctx");
        List<Object> msgs = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", m.role());
            map.put("content", m.content());
            msgs.add(map);
        }
        Map<String, Object> bindings = new HashMap<>();
        bindings.put("messages", msgs);
        bindings.put("bos_token", ctx.bosToken());
        bindings.put("eos_token", ctx.eosToken());
        bindings.put("add_generation_prompt", ctx.addGenerationPrompt());

        JinjavaInterpreter interpreter = newInterpreter(bindings);
        String output;
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            output = interpreter.render(tree);
        } catch (RuntimeException e) {
            String raised = raisedMessage(e);
            if (raised != null) {
                throw new IllegalArgumentException("chat template error: " + raised, e);
            }
            throw new IllegalArgumentException(prefix(name) + e.getMessage(), e);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
        failOnFatal(name, interpreter.getErrorsCopy());
        return output;
    }

    /** The template's name. */
    @Override
    public String toString() {
        return "ChatTemplate[" + name + "]";
    }

    // ---------------------------------------------------------------------------------------

    private static Node parse(String name, String source) {
        JinjavaInterpreter parser = newInterpreter(Map.of());
        JinjavaInterpreter.pushCurrent(parser);
        Node node;
        try {
            node = parser.parse(source);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(prefix(name) + e.getMessage(), e);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
        failOnFatal(name, parser.getErrorsCopy());
        return node;
    }

    /** Like {@code Jinjava.newInterpreter()}, but honouring the configured disabled tags. */
    private static JinjavaInterpreter newInterpreter(Map<String, Object> bindings) {
        JinjavaConfig config = JINJAVA.getGlobalConfig();
        Context context = new Context(JINJAVA.getGlobalContextCopy(), bindings, config.getDisabled());
        return new JinjavaInterpreter(JINJAVA, context, config);
    }

    private static void failOnFatal(String name, List<TemplateError> errors) {
        for (TemplateError error : errors) {
            if (error.getSeverity() != TemplateError.ErrorType.FATAL) {
                continue; // warnings, e.g. unknown properties, are lenient like Python's Undefined
            }
            String raised = raisedMessage(error.getException());
            if (raised != null) {
                throw new IllegalArgumentException("chat template error: " + raised, error.getException());
            }
            String line = error.getLineno() > 0 ? " (line " + error.getLineno() + ")" : "";
            throw new IllegalArgumentException(prefix(name) + error.getMessage() + line, error.getException());
        }
    }

    private static String prefix(String name) {
        return "chat template '" + name + "' could not be rendered: ";
    }

    private static String raisedMessage(Throwable t) {
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
            if (t instanceof TemplateRaisedException) {
                return t.getMessage();
            }
        }
        return null;
    }

    private static String loadBuiltIn(String name) {
        String resource = "templates/" + name + ".jinja";
        try (InputStream in = ChatTemplate.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("built-in chat template resource missing: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in chat template " + resource, e);
        }
    }

    private static Jinjava createJinjava() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonMethodResolver());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        Map<Context.Library, Set<String>> disabled = new HashMap<>();
        disabled.put(Context.Library.TAG, Set.of("include", "import", "from", "extends"));
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(false) // emulated by PythonSyntax: Jinjava's also strips mid-line
                .withNestedInterpretationEnabled(false)
                .withFailOnUnknownTokens(false)
                .withDisabled(disabled)
                .withElResolver(resolver)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUseTrimmingForNotesAndExpressions(true)
                        .withParseWhitespaceControlStrictly(true)
                        .withEvaluateMapKeys(true)
                        .withIterateOverMapKeys(true)
                        .withKeepNullableLoopValues(true)
                        .withAllowAdjacentTextNodes(true)
                        .withUsePyishObjectMapper(true)
                        .build())
                .build();
        Jinjava jinjava = new Jinjava(config);
        jinjava.getGlobalContext().setAutoEscape(false);
        jinjava.setResourceLocator((fullName, encoding, interpreter) -> {
            throw new ResourceNotFoundException("chat templates cannot load other templates: " + fullName);
        });
        jinjava.registerFunction(function("raise_exception", "raiseException"));
        jinjava.registerFunction(function("strftime_now", "strftimeNow"));
        jinjava.registerFilter(new PythonJsonFilter());
        jinjava.registerTag(new GenerationTag());
        return jinjava;
    }

    private static ELFunctionDefinition function(String jinjaName, String javaName) {
        try {
            Method method = TemplateFunctions.class.getDeclaredMethod(javaName, String.class);
            method.setAccessible(true);
            return new ELFunctionDefinition("", jinjaName, method);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Thrown by {@code raise_exception}; carries the template's own message. */
    static final class TemplateRaisedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TemplateRaisedException(String message) {
            super(message, null, false, false);
        }
    }

    /** Global functions HF chat templates may call. */
    static final class TemplateFunctions {
        private TemplateFunctions() {}

        static String raiseException(String message) {
            throw new TemplateRaisedException(message);
        }

        static String strftimeNow(String format) {
            return StrftimeFormatter.format(ZonedDateTime.now(), format, Locale.ENGLISH);
        }
    }
}
