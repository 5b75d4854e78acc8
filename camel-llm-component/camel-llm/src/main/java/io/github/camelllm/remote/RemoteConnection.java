package io.github.camelllm.remote;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelllm.spi.LlmBackendContext;
import io.github.camelllm.spi.RemoteSettings;

/**
 * What a remote backend borrows from its component: the HTTP transport shared by the component's backends with the
 * same settings, and the component's {@link ServerStatus}. {@link #close()} gives both back.
 */
public final class RemoteConnection implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The key under which backends with equal settings share a transport. */
    private record TransportKey(RemoteSettings settings) {}

    private final LlmBackendContext.Lease<HttpTransport> transport;
    private final LlmBackendContext.Lease<ServerStatus> status;

    private RemoteConnection(
            LlmBackendContext.Lease<HttpTransport> transport, LlmBackendContext.Lease<ServerStatus> status) {
        this.transport = transport;
        this.status = status;
    }

    /** @param settings with the backend's defaults applied */
    public static RemoteConnection open(RemoteSettings settings, LlmBackendContext context) {
        LlmBackendContext.Lease<HttpTransport> t = context.acquire(
                new TransportKey(settings), () -> new HttpTransport(settings, MAPPER, context.scheduler()));
        try {
            return new RemoteConnection(t, context.acquire(ServerStatus.class, ServerStatus::new));
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
    }

    public HttpTransport transport() {
        return transport.get();
    }

    public ServerStatus status() {
        return status.get();
    }

    @Override
    public void close() {
        transport.close();
        status.close();
    }
}
