package org.odooplatform.jenkins

/**
 * What Jenkins throws when a step is interrupted (workflow-step-api
 * org.jenkinsci.plugins.workflow.steps.FlowInterruptedException): its causes say why, e.g. the
 * timeout step's ExceededTimeout, or the input's Rejection when someone clicks Abort.
 */
class FlowInterruptedException extends InterruptedException {
    final List causes

    FlowInterruptedException(Object... causes) {
        super('interrupted')
        this.causes = causes.toList()
    }
}

/** The causes' simple names are what the library looks at (the real classes are nested in these). */
class TimeoutStepExecution {
    static class ExceededTimeout {
    }
}

class InputRejection {
}
