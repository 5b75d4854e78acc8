package io.github.camelllm.chat;

/**
 * The model-specific values a chat template is rendered with, besides the messages.
 *
 * <p>They become the template variables {@code bos_token}, {@code eos_token} and
 * {@code add_generation_prompt}, as in Hugging Face {@code apply_chat_template}. A {@code null}
 * token is treated as the empty string. Note that a template which prints {@code bos_token}
 * puts the BOS text into the prompt; if the tokenizer adds a BOS token by itself, pass an empty
 * {@code bosToken} (or strip it afterwards) to avoid a doubled BOS.
 *
 * @param bosToken            the text of the model's beginning-of-sequence token, e.g. {@code <s>}
 * @param eosToken            the text of the model's end-of-sequence token, e.g. {@code </s>}
 * @param addGenerationPrompt whether to end the prompt with the opening of an assistant turn
 */
public record ChatTemplateContext(String bosToken, String eosToken, boolean addGenerationPrompt) {

    /**
     * Replaces {@code null} tokens with the empty string.
     *
     * @param bosToken            the BOS text, {@code null} for none
     * @param eosToken            the EOS text, {@code null} for none
     * @param addGenerationPrompt whether to open an assistant turn at the end
     */
    public ChatTemplateContext {
        bosToken = bosToken == null ? "" : bosToken;
        eosToken = eosToken == null ? "" : eosToken;
    }
}
