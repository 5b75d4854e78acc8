package io.github.camelllm.contract;

/** The contract on the in-process llama.cpp backend. */
class LocalBackendContractTest extends BackendContract {

    @Override
    String backendName() {
        return "local";
    }

    @Override
    String backendParameters() {
        return "backend: local";
    }

    @Override
    String chatParameters() {
        return ", chatTemplate: chatml";
    }
}
