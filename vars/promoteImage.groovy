/**
 * Gives a release tag to an already pushed image, by digest (no rebuild), and returns REPO@sha256:...
 *   promoteImage(from: 'registry.example.com/acme/acme_odoo:<sha>', to: 'registry.example.com/acme/acme_odoo:1.2.0',
 *                registryCredentialsId: 'acme-registry')
 */
import org.odooplatform.jenkins.CliArgs
import org.odooplatform.jenkins.StepParameters

def call(Map config = [:]) {
    Map defaults = [
        from: null,                   // required: REPO@sha256:... or REPO:TAG of the pushed image
        to: null,                     // required: REPO:X.Y.Z, the release tag
        registryCredentialsId: null,  // required: username/password credential of the registry
        force: false,                 // move the release tag even if it points at another digest
    ]
    Map cfg = StepParameters.checked(this, 'promoteImage', defaults, config) { Map c -> validate(c) }
    String digest = withRegistryLogin(credentialsId: cfg.registryCredentialsId, image: cfg.to) {
        odooPlatformCli(args: promoteArgs(cfg)).value
    }
    echo("promoteImage: ${cfg.to} is ${digest}")
    return digest
}

@NonCPS
List<String> promoteArgs(Map cfg) {
    // the CLI reads REGISTRY_USERNAME/REGISTRY_PASSWORD from the environment withRegistryLogin sets
    return CliArgs.strings(['image', 'promote', '--from', cfg.from, '--to', cfg.to] + CliArgs.flags('--force': cfg.force))
}

@NonCPS
String validate(Map cfg) {
    // the references themselves are checked by the CLI (image promote), whose message the step reports
    if (!cfg.from) {
        return "'from' is required: REPO@sha256:<digest> or REPO:TAG of the pushed image"
    }
    if (!cfg.to) {
        return "'to' is required: REPO:X.Y.Z, the release tag"
    }
    if (!cfg.registryCredentialsId) {
        return "'registryCredentialsId' is required: the id of a username/password credential of the registry"
    }
    return null
}
