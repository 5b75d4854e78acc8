package io.github.camelllm.contract;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;

import io.github.camelllm.contract.example.DelegatingBackendFactory;

/**
 * The contract on a third-party backend written against the SPI alone ({@link DelegatingBackendFactory}), selected by
 * name with {@code backend: spi-example}.
 */
class SpiExampleBackendContractTest extends BackendContract {

    @Override
    String backendName() {
        return "spi-example";
    }

    @Override
    String backendParameters() {
        return "backend: spi-example";
    }

    @Override
    String chatParameters() {
        return ", chatTemplate: chatml";
    }

    @AfterAll
    void theBackendServedTheRequests() {
        assertTrue(
                io.github.camelllm.contract.example.DelegatingBackendAccess.outputTokens() > 0,
                "the contract's generations went through the spi-example backend");
    }
}
