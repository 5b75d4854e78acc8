package io.github.camelllm.quarkus.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A minimal reader of a text/event-stream body (event name + data lines), enough for these tests. */
final class SseEvents {

    record Event(String name, String data) {}

    private SseEvents() {}

    /** Reads events until the stream ends, or until {@code max} events were read. */
    static List<Event> read(BufferedReader reader, int max) throws IOException {
        List<Event> events = new ArrayList<>();
        String name = "message";
        StringBuilder data = null;
        String line;
        while (events.size() < max && (line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(new Event(name, data.toString()));
                }
                name = "message";
                data = null;
            } else if (line.startsWith("event:")) {
                name = line.substring("event:".length()).strip();
            } else if (line.startsWith("data:")) {
                String value = line.substring("data:".length());
                value = value.startsWith(" ") ? value.substring(1) : value;
                data = data == null
                        ? new StringBuilder(value)
                        : data.append('\n').append(value);
            }
        }
        return events;
    }
}
