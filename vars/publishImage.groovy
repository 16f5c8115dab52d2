/**
 * Pushes a built image and returns its digest reference REPO@sha256:...
 *   String digest = publishImage(image: ref, tags: ['latest'], registryCredentialsId: 'acme-registry')
 */
import org.odooplatform.jenkins.CliArgs
import org.odooplatform.jenkins.RegistryCredentials
import org.odooplatform.jenkins.StepParameters

def call(Map config = [:]) {
    Map defaults = [
        image: null,                  // required: the built image REPO:TAG (what buildOdooImage returned)
        tags: [],                     // more tags of the same repository pointing at the pushed digest
        registryCredentialsId: null,  // required: username/password credential of the registry
        insecureRegistry: false,      // allow a plain-HTTP registry (local test registries only)
    ]
    Map cfg = StepParameters.checked(this, 'publishImage', defaults, config) { Map c -> validate(c) }
    String digest = RegistryCredentials.cli(this, cfg.registryCredentialsId, cfg.image,
                                            [args: publishArgs(cfg)]).value
    echo("publishImage: ${cfg.image} is ${digest}")
    return digest
}

@NonCPS
List<String> publishArgs(Map cfg) {
    return CliArgs.strings(['image', 'publish', '--image', cfg.image] +
                           CliArgs.options('--also-tag': cfg.tags.join(',')) +
                           CliArgs.flags('--insecure-registry': cfg.insecureRegistry))
}

@NonCPS
String validate(Map cfg) {
    String missing = StepParameters.required(cfg, [image: 'REPO:TAG, what buildOdooImage returned'])
    if (missing) {
        return missing
    }
    if (!(cfg.tags instanceof List)) {
        return "'tags' must be a list of tags such as ['latest', 'master'], not ${cfg.tags}"
    }
    return StepParameters.required(cfg, [registryCredentialsId: RegistryCredentials.MEANING])
}
