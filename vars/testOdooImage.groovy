/**
 * Tests a built Odoo image before it is published (odoo-platform image test): flake8, runtests,
 * the install scenario and optionally the upgrade from the previous release, against a PostgreSQL
 * container made for the run. The JUnit reports go to Jenkins' test report, also when a phase
 * fails; a failure fails the build, so nothing after it (publish, deploy) runs.
 * The values (image references, durations) are checked by the CLI, which says what is wrong (exit 2).
 *   testOdooImage(image: ref)
 *   testOdooImage(image: ref, lint: false, upgradeFrom: 'registry.example.com/acme/acme_odoo:10.1.0')
 *   testOdooImage(image: ref, upgradeFrom: 'previous-release', registryCredentialsId: 'acme-registry')   // a tag build
 */
import org.odooplatform.jenkins.CliArgs
import org.odooplatform.jenkins.RegistryCredentials
import org.odooplatform.jenkins.StepParameters

def call(Map config = [:]) {
    Map defaults = [
        image: null,            // required: the built image REPO:TAG (what buildOdooImage returned)
        project: '.',           // the Odoo project's root directory
        lint: true,             // flake8 over odoo/local-src and odoo/songs
        lintIn: 'auto',         // where flake8 runs: agent, image, or auto (the agent if it has flake8, else the image)
        tests: true,            // runtests (ODOO_CLOUD_PLATFORM_UNSAFE=1 DEMO=True CI=True)
        scenario: true,         // MARABUNTA_MODE=demo odoo --stop-after-init
        upgradeFrom: null,      // the previous release's image, or 'previous-release' (HISTORY.rst's, by digest
                                // from the registry): test runmigration on its database; null or false: none
        pull: false,            // pull the image when the agent does not have it (a tag build tests a published image)
        registryCredentialsId: null, // username/password of the registry: resolving 'previous-release' and pulling
        dbImage: null,          // PostgreSQL image; default: the db service of the test compose file
        runtime: 'auto',        // docker, podman or auto
        reports: 'test-reports',// JUnit XML and logs, relative to the workspace
        dbCache: null,          // cache of previous releases' databases; default ~/.cache/odoo-platform/db-dumps
        timeouts: [:],          // per phase, e.g. [tests: '90m', scenario: '45m'] (lint, db, tests, scenario, upgrade)
    ]
    Map cfg = StepParameters.checked(this, 'testOdooImage', defaults, config) { Map c -> validate(c) }
    Map result = [:]
    try {
        // status 1 (a phase failed) is handled below, after the reports are recorded
        // the credential, when given, resolves 'previous-release' and pulls (the CLI writes its own private login)
        result = RegistryCredentials.cli(this, cfg.registryCredentialsId, cfg.image,
                                         [args: testArgs(cfg), okStatus: [0, 1],
                                          label: "image test ${cfg.image}".toString()])
    } finally {
        junit(testResults: "${cfg.reports}/**/*.xml", allowEmptyResults: true)
    }
    if (result.status != 0) {
        error("testOdooImage: ${cfg.image} failed its tests (see the messages above and the test report);" +
              ' it is not published')
    }
    echo("testOdooImage: ${cfg.image} passed")
    return cfg.image
}

@NonCPS
List<String> testArgs(Map cfg) {
    List args = ['image', 'test', '--project', cfg.project, '--image', cfg.image, '--runtime', cfg.runtime,
                 '--junit', cfg.reports] +
        CliArgs.flags('--no-lint': !cfg.lint) +
        CliArgs.options('--lint-in': cfg.lint && cfg.lintIn != 'auto' ? cfg.lintIn : null) +
        CliArgs.flags('--pull': cfg.pull, '--no-tests': !cfg.tests, '--no-scenario': !cfg.scenario) +
        CliArgs.options('--upgrade-from': cfg.upgradeFrom, '--db-image': cfg.dbImage, '--db-cache': cfg.dbCache)
    cfg.timeouts.each { k, v -> args += ["--${k}-timeout".toString(), v] }
    return CliArgs.strings(args)
}

@NonCPS
String validate(Map cfg) {
    if (!cfg.image) {
        return "'image' is required: the built image REPO:TAG (what buildOdooImage returned)"
    }
    if (!(cfg.lint || cfg.tests || cfg.scenario || cfg.upgradeFrom)) {
        return 'every phase is off (lint, tests, scenario false and no upgradeFrom):' +
               ' pass imageTests: false to odooPipeline instead'
    }
    // the names become options (--<phase>-timeout): an unknown one would be an option the CLI does not have
    List<String> phases = ['lint', 'db', 'tests', 'scenario', 'upgrade']
    if (!(cfg.timeouts instanceof Map) || cfg.timeouts.any { k, v -> !(k in phases) }) {
        return "'timeouts' must map lint, db, tests, scenario or upgrade to a duration such as '30m'," +
               " not ${cfg.timeouts}"
    }
    return null
}
