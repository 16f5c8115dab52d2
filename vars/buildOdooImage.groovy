/**
 * Builds the project's Odoo image (odoo/Dockerfile) and returns its reference REPO:TAG.
 *   String ref = buildOdooImage(image: 'registry.example.com/acme/acme_odoo', tag: env.GIT_COMMIT)
 */
import org.odooplatform.jenkins.CliArgs
import org.odooplatform.jenkins.RegistryCredentials
import org.odooplatform.jenkins.StepParameters

def call(Map config = [:]) {
    Map defaults = [
        image: null,                  // required: image repository, e.g. registry.example.com/acme/acme_odoo
        tag: null,                    // required: tag of the built image, e.g. the commit SHA
        project: '.',                 // the Odoo project's root directory
        builder: 'auto',              // docker, buildah or auto (whichever the agent has)
        buildArgs: [:],               // --build-arg K=V, e.g. [BASE_IMAGE: 'camptocamp/odoo-project:11.0']
        labels: [:],                  // --label K=V added to the image
        commit: env.GIT_COMMIT,       // recorded as a label on the image
        registryCredentialsId: null,  // optional: log in to pull a private base image
    ]
    Map cfg = StepParameters.checked(this, 'buildOdooImage', defaults, config) { Map c -> validate(c) }
    // the credential, when given, lets the builder pull a private base image
    String ref = RegistryCredentials.cli(this, cfg.registryCredentialsId, cfg.image, [args: buildArgs(cfg)]).value
    echo("buildOdooImage: built ${ref}")
    return ref
}

@NonCPS
List<String> buildArgs(Map cfg) {
    List<String> args = ['image', 'build', '--project', cfg.project, '--repository', cfg.image, '--tag', cfg.tag,
                         '--builder', cfg.builder]
    cfg.buildArgs.each { k, v -> args += ['--build-arg', "${k}=${v}".toString()] }
    cfg.labels.each { k, v -> args += ['--label', "${k}=${v}".toString()] }
    return CliArgs.strings(args + CliArgs.options('--commit': cfg.commit))
}

@NonCPS
String validate(Map cfg) {
    String missing = StepParameters.required(cfg, [
        image: 'the image repository, e.g. registry.example.com/acme/acme_odoo',
        tag: 'the tag of the built image, e.g. the commit SHA',
    ])
    if (missing) {
        return missing
    }
    if (!(cfg.buildArgs instanceof Map) || !(cfg.labels instanceof Map)) {
        return "'buildArgs' and 'labels' must be maps of NAME: value"
    }
    return null
}
