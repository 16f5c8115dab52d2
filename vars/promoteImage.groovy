/**
 * Gives a release tag to an already pushed image, by digest (no rebuild), and returns REPO@sha256:...
 *   promoteImage(from: 'registry.example.com/acme/acme_odoo:<sha>', to: 'registry.example.com/acme/acme_odoo:1.2.0',
 *                registryCredentialsId: 'acme-registry')
 */
import org.odooplatform.jenkins.CliArgs
import org.odooplatform.jenkins.RegistryCredentials
import org.odooplatform.jenkins.StepParameters

def call(Map config = [:]) {
    Map defaults = [
        from: null,                   // required: REPO@sha256:... or REPO:TAG of the pushed image
        to: null,                     // required: REPO:X.Y.Z, the release tag
        registryCredentialsId: null,  // required: username/password credential of the registry
        force: false,                 // move the release tag even if it points at another digest
    ]
    Map cfg = StepParameters.checked(this, 'promoteImage', defaults, config) { Map c -> validate(c) }
    String digest = RegistryCredentials.cli(this, cfg.registryCredentialsId, cfg.to, [args: promoteArgs(cfg)]).value
    echo("promoteImage: ${cfg.to} is ${digest}")
    return digest
}

@NonCPS
List<String> promoteArgs(Map cfg) {
    return CliArgs.strings(['image', 'promote', '--from', cfg.from, '--to', cfg.to] +
                           CliArgs.flags('--force': cfg.force))
}

@NonCPS
String validate(Map cfg) {
    // the references themselves are checked by the CLI (image promote), whose message the step reports
    return StepParameters.required(cfg, [from: 'REPO@sha256:<digest> or REPO:TAG of the pushed image',
                                         to: 'REPO:X.Y.Z, the release tag',
                                         registryCredentialsId: RegistryCredentials.MEANING])
}
