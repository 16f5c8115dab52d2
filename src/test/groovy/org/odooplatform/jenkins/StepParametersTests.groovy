package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.jupiter.api.Test

/** StepParameters and CliArgs: the parameter checks and command-line pieces every step shares. */
class StepParametersTests extends LibraryTestBase {

    private static final String STEP = '''import org.odooplatform.jenkins.StepParameters
Map defaults = [image: null, tag: null, builder: 'auto']
return StepParameters.checked(this, 'someStep', defaults, stepConfig) { Map c ->
    StepParameters.required(c, [image: 'the image repository', tag: 'the tag'])
}
'''

    private Throwable runExpectingError(Map config) {
        binding.setVariable('stepConfig', config)
        try {
            runPipeline('stepParameters', STEP)
        } catch (Throwable t) {
            return t
        }
        throw new AssertionError('the check should have failed')
    }

    @Test
    void theMergedParametersComeBackWhenTheyPass() {
        binding.setVariable('stepConfig', [image: 'r/a', tag: 'abc'])
        Map cfg = runPipeline('stepParameters', STEP) as Map

        assertThat(cfg).containsExactlyEntriesOf([image: 'r/a', tag: 'abc', builder: 'auto'])
    }

    @Test
    void anUnknownKeyFailsBeforeTheStepsOwnRules() {
        assertThat(runExpectingError([imag: 'r/a']).message)
            .isEqualTo("someStep: unknown parameter(s) [imag]; expected some of [builder, image, tag]")
    }

    @Test
    void theFirstMissingRequiredKeyIsNamedWithWhatItIs() {
        assertThat(runExpectingError([:]).message).isEqualTo("someStep: 'image' is required: the image repository")
        assertThat(runExpectingError([image: 'r/a', tag: '']).message).isEqualTo("someStep: 'tag' is required: the tag")
    }

    // the library's classes load with the library (ProjectSource), not on the test's class path: run them in a pipeline
    private Object inPipeline(String name, String code) {
        runPipeline(name, 'import org.odooplatform.jenkins.CliArgs\n' + code)
    }

    @Test
    void optionsAndFlagsKeepTheirOrderAndLeaveOutWhatIsUnset() {
        List args = inPipeline('cliArgs', '''
return CliArgs.strings(['deploy', CliArgs.credentialFile('OP_ENV_FILE')] +
    CliArgs.options('--client': 'acme', '--stack': null, '--timeout': 15, '--commit': '') +
    CliArgs.flags('--dry-run': true, '--recreate-db': false, '--no-backup': 1))
''') as List

        assertThat(args).containsExactly('deploy', [fromVariable: 'OP_ENV_FILE'], '--client', 'acme', '--timeout', '15',
            '--dry-run', '--no-backup')
        assertThat(args[5]).isInstanceOf(String)
    }

    @Test
    void theStackNameQuestionCarriesClientAndStackOnlyWhenGiven() {
        assertThat(inPipeline('stackNameClient', "return CliArgs.stackName([project: '.', client: 'acme'], 'test')") as List)
            .containsExactly('stack-name', '--project', '.', '--instance', 'test', '--client', 'acme')
        assertThat(inPipeline('stackNameStack', "return CliArgs.stackName([project: '.', stack: 'acme-odoo-it'], 'integration')") as List)
            .containsExactly('stack-name', '--project', '.', '--instance', 'integration', '--stack', 'acme-odoo-it')
    }
}
