'use strict';

// Streams GET chat/stream?prompt=... with EventSource. Server events: "token" {text, index} for each chunk of the
// answer, then "done" {finishReason, inputTokens, outputTokens, timeToFirstTokenMs, ...} or "error" {message, type}.
(() => {
  const form = document.getElementById('chat-form');
  const promptBox = document.getElementById('prompt');
  const maxTokensBox = document.getElementById('max-tokens');
  const sendButton = document.getElementById('send');
  const stopButton = document.getElementById('stop');
  const answer = document.getElementById('answer');
  const status = document.getElementById('status');

  let source = null;

  function setState(state) {
    answer.dataset.state = state;
    sendButton.disabled = state === 'streaming';
    stopButton.disabled = state !== 'streaming';
  }

  function showStatus(text, isError) {
    status.textContent = text;
    status.classList.toggle('error', Boolean(isError));
  }

  function fail(message) {
    showStatus(`error: ${message}`, true);
    setState('error');
  }

  // EventSource hides the response of a failed connection (e.g. 400 for an empty prompt): ask once more to read it.
  async function explainFailure(url) {
    const controller = new AbortController();
    try {
      const response = await fetch(url, { headers: { Accept: 'text/event-stream' }, signal: controller.signal });
      if (response.ok) {
        controller.abort();
        fail('the connection to the server failed');
        return;
      }
      const body = await response.text();
      const data = body.split('\n').find((line) => line.startsWith('data:'));
      fail(data ? JSON.parse(data.slice('data:'.length)).message : `the server answered HTTP ${response.status}`);
    } catch (e) {
      fail('the server cannot be reached');
    }
  }

  function start(prompt, maxTokens) {
    if (source) {
      source.close();
    }
    const params = new URLSearchParams({ prompt });
    if (maxTokens) {
      params.set('maxTokens', maxTokens);
    }
    const url = `chat/stream?${params}`;
    const startedAt = performance.now();
    const elapsed = () => (performance.now() - startedAt).toFixed(1);
    let tokenEvents = 0;

    answer.textContent = '';
    answer.dataset.tokenEvents = '0';
    delete answer.dataset.firstTokenAt;
    delete answer.dataset.completedAt;
    showStatus('waiting for the first token…', false);
    setState('streaming');

    const es = new EventSource(url);
    source = es;

    es.addEventListener('token', (event) => {
      const token = JSON.parse(event.data);
      answer.append(token.text); // appended as a text node: model output is never parsed as HTML
      tokenEvents += 1;
      answer.dataset.tokenEvents = String(tokenEvents);
      if (tokenEvents === 1) {
        answer.dataset.firstTokenAt = elapsed();
        showStatus('streaming…', false);
      }
    });

    es.addEventListener('done', (event) => {
      es.close(); // otherwise EventSource reconnects when the server ends the response, and asks again
      const done = JSON.parse(event.data);
      answer.dataset.completedAt = elapsed();
      const speed = done.tokensPerSecond == null ? '' : `, ${Math.round(done.tokensPerSecond)} tokens/s`;
      showStatus(`${done.outputTokens} tokens (finish reason ${done.finishReason}), prompt ${done.inputTokens} tokens,`
        + ` first token after ${done.timeToFirstTokenMs} ms${speed}, model ${done.model}`, false);
      setState('done');
    });

    // both the server's "error" events (MessageEvent with data) and connection failures (plain Event) land here
    es.addEventListener('error', (event) => {
      es.close();
      if (source !== es) {
        return;
      }
      if (event instanceof MessageEvent) {
        fail(JSON.parse(event.data).message);
      } else if (tokenEvents === 0) {
        explainFailure(url);
      } else {
        fail('the connection to the server was lost');
      }
    });
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    start(promptBox.value, maxTokensBox.value.trim());
  });

  stopButton.addEventListener('click', () => {
    if (source) {
      source.close(); // the server notices the closed connection and cancels the generation
      source = null;
    }
    showStatus(`stopped after ${answer.dataset.tokenEvents} tokens`, false);
    setState('stopped');
  });
})();
