package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.jupiter.api.Test

class OdooPlatformCliStepTests extends LibraryTestBase {

    @Test
    void theCommandsOutputReachesTheLogOnceAsItRunsAndItsLastLineIsStillTheValue() {
        // the launcher streams the CLI's output to the log (stderr); the step must not print it a second time
        cliStdout['image resolve'] = '[ 0.1s] reading the manifest\nregistry.example.com/acme/acme_odoo@' + DIGEST

        Map result = runPipeline('cliLog', '''return odooPlatformCli(args: ['image', 'resolve', 'registry.example.com/acme/acme_odoo:1.0.0'])''')

        assertThat(result.value).isEqualTo('registry.example.com/acme/acme_odoo@' + DIGEST)
        assertThat(log.findAll { it.contains('reading the manifest') }).hasSize(1)
        assertThat(shCalls[0].returnStdout).isEqualTo(true)
    }

    @Test
    void anEmptyArgumentIsAStepErrorInsteadOfALauncherCrash() {
        // withEnv(['OP_ARG_3=']) would unset OP_ARG_3 (EnvStep / EnvVars.override), and the launcher runs with set -u
        Throwable error = null
        try {
            runPipeline('cliEmpty', '''odooPlatformCli(args: ['deploy', '--commit', ''])''')
        } catch (PipelineError e) {
            error = e
        }

        assertThat(error.message).isEqualTo("odooPlatformCli: argument 3 of [deploy, --commit, ] is empty: give a value or leave the option out")
        assertThat(shCalls).isEmpty()
    }

    @Test
    void aFailureReportsTheCliMessageAndTheMeaningOfItsExitCode() {
        cliStatus['deploy'] = 3
        cliStderr['deploy'] = '[ 0.2s] checking\nerror: stack acme-odoo-prod is locked by another deploy until 10:42\nnothing was changed.'
        Throwable error = null
        try {
            runPipeline('cliFail', '''odooPlatformCli(args: ['deploy', '--instance', 'prod'])''')
        } catch (PipelineError e) {
            error = e
        }

        assertThat(error.message).isEqualTo('odoo-platform deploy --instance prod: exit 3 (precondition not met): ' +
            'error: stack acme-odoo-prod is locked by another deploy until 10:42')
    }
}
