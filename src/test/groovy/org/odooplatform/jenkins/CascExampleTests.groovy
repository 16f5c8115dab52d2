package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.jupiter.api.Test
import org.yaml.snakeyaml.Yaml

/** examples/jenkins/casc.yaml: the controller setup the docs tell users to copy. */
class CascExampleTests {

    Map casc = new Yaml().load(new File('examples/jenkins/casc.yaml').text) as Map

    String jobScript() {
        casc.jobs*.script.join('\n')
    }

    @Test
    void theMultibranchJobBuildsTagsWithAnAgeLimitAndStillBuildsRegularBranches() {
        // branch-api MultiBranchProject.isAutomaticBuild: no strategy = "build anything but tags"; with
        // strategies only the heads one of them accepts (basic-branch-build-strategies: buildTags, buildRegularBranches)
        String script = jobScript()

        assertThat(script).contains('gitTagDiscovery()').contains('gitBranchDiscovery()')
        assertThat(script).contains('buildStrategies {').contains('buildRegularBranches()')
        assertThat(script.replaceAll(/\s+/, ' ')).containsPattern(/buildTags \{ atLeastDays\('-1'\) atMostDays\('\d+'\) \}/)
    }

    @Test
    void theRancherKeyPairMasksItsAccessKeyToo() {
        // credentials-plugin UsernamePasswordCredentialsImpl.usernameSecret: credentials-binding masks the username only then
        Map rancher = casc.credentials.system.domainCredentials[0].credentials*.usernamePassword.find { it?.id == 'acme-rancher' }

        assertThat(rancher.usernameSecret).isEqualTo(true)
    }

    @Test
    void theTrustedLibraryCannotBeLoadedAtAnotherVersionByAJenkinsfile() {
        // pipeline-groovy-lib LibraryConfiguration.allowVersionOverride: a trusted library runs outside the sandbox
        Map library = casc.unclassified.globalLibraries.libraries.find { it.name == 'odoo-platform' }

        assertThat(library.allowVersionOverride).isEqualTo(false)
    }

    @Test
    void thePromoteJobTakesTheVersionAsAParameterAndReadsItsJenkinsfileFromSourceControl() {
        String script = jobScript()

        assertThat(script).contains("pipelineJob('acme-odoo-promote-to-prod')").contains("stringParam('VERSION'")
            .contains("scriptPath('Jenkinsfile.promote')")
    }
}
