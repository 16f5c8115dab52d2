/**
 * Gives a release tag to an already pushed image, by digest (no rebuild), and returns REPO@sha256:...
 *   promoteImage(from: 'registry.example.com/acme/acme_odoo:<sha>', to: 'registry.example.com/acme/acme_odoo:1.2.0',
 *                registryCredentialsId: 'acme-registry')
 */
import org.odooplatform.jenkins.StepParameters

def call(Map config = [:]) {
    Map defaults = [
        from: null,                   // required: REPO@sha256:... or REPO:TAG of the pushed image
        to: null,                     // required: REPO:X.Y.Z, the release tag
        registryCredentialsId: null,  // required: username/password credential of the registry
        force: false,                 // move the release tag even if it points at another digest
    ]
    String problem = validate(defaults, config)
    if (problem) {
        error("promoteImage: ${problem}")
    }
    Map cfg = defaults + config
    String digest = withRegistryLogin(credentialsId: cfg.registryCredentialsId, image: cfg.to) {
        odooPlatformCli(args: promoteArgs(cfg)).value
    }
    echo("promoteImage: ${cfg.to} is ${digest}")
    return digest
}

@NonCPS
List<String> promoteArgs(Map cfg) {
    // the CLI reads REGISTRY_USERNAME/REGISTRY_PASSWORD from the environment withRegistryLogin sets
    List<String> args = ['image', 'promote', '--from', cfg.from, '--to', cfg.to]
    if (cfg.force) {
        args << '--force'
    }
    return args.collect { it as String }
}

@NonCPS
String validate(Map defaults, Map config) {
    String unknown = StepParameters.unknown(defaults, config)
    if (unknown) {
        return unknown
    }
    Map cfg = defaults + config
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
