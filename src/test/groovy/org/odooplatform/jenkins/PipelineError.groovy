package org.odooplatform.jenkins

/** What the mocked `error` step throws: the message a Jenkins user would see. */
class PipelineError extends RuntimeException {
    PipelineError(String message) {
        super(message)
    }
}
