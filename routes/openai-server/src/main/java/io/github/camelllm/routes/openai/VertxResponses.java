package io.github.camelllm.routes.openai;

import org.apache.camel.Message;
import org.apache.camel.util.IOHelper;

/**
 * What the SSE body needs to know about platform-http on Vert.x (Camel Main, Quarkus): how to notice that the client
 * went away, and whether events must be padded to be flushed. Only touches Vert.x classes when they are on the
 * classpath, so the same route also runs on the servlet-based platform-http of Spring Boot.
 */
final class VertxResponses {

    private static final String HTTP_MESSAGE = "org.apache.camel.component.platform.http.vertx.HttpMessage";
    private static final String ASYNC_INPUT_STREAM = "org.apache.camel.component.platform.http.vertx.AsyncInputStream";
    private static final boolean PRESENT = present(HTTP_MESSAGE);
    /** Camel versions with CAMEL-23804 fixed flush each read of a text/event-stream body (AsyncInputStream eagerFlush). */
    private static final boolean EAGER_FLUSH = PRESENT && hasEagerFlush();

    private VertxResponses() {}

    /** Whether the message is the request of a platform-http-vertx consumer. */
    static boolean isVertx(Message message) {
        return PRESENT && message.getClass().getName().equals(HTTP_MESSAGE);
    }

    /**
     * The padding an SSE body needs on this message's server: the read buffer of platform-http-vertx when that
     * server only forwards full buffers, else 0.
     */
    static int flushPadding(Message message) {
        return isVertx(message) && !EAGER_FLUSH ? IOHelper.DEFAULT_BUFFER_SIZE : 0;
    }

    /** Cancels the stream as soon as Vert.x sees the connection close; a no-op on other servers. */
    static void cancelOnClose(Message message, SseEventStream stream) {
        if (isVertx(message)) {
            Vertx.cancelOnClose(message, stream);
        }
    }

    /** Loaded only when Vert.x is present. */
    private static final class Vertx {
        static void cancelOnClose(Message message, SseEventStream stream) {
            io.vertx.core.http.HttpServerResponse response =
                    ((org.apache.camel.component.platform.http.vertx.HttpMessage) message).getResponse();
            if (response == null) {
                return;
            }
            response.closeHandler(v -> stream.cancel());
            if (response.closed()) {
                stream.cancel();
            }
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, VertxResponses.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean hasEagerFlush() {
        try {
            Class<?> type = Class.forName(ASYNC_INPUT_STREAM, false, VertxResponses.class.getClassLoader());
            for (var c : type.getConstructors()) {
                if (c.getParameterCount() == 4 && c.getParameterTypes()[3] == boolean.class) {
                    return true;
                }
            }
            return false;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
