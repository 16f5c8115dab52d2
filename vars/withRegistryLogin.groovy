/**
 * Binds the registry credential as REGISTRY_USERNAME / REGISTRY_PASSWORD for the duration of the
 * body: the CLI reads them from the environment (and writes the short-lived auth file a builder
 * needs itself), so nothing is written to disk here. Only with dockerConfig: true (a body that runs
 * docker or buildah itself) is a per-build config.json written, with DOCKER_CONFIG and
 * REGISTRY_AUTH_FILE set, and removed in `finally`. The body gets that file's path, or null.
 */
def call(Map config = [:], Closure body) {
    Map cfg = merge(config)
    String problem = validate(config, cfg)
    if (problem) {
        error("withRegistryLogin: ${problem}")
    }
    // the registry an image belongs to is the CLI's rule (image registry-host), asked before any secret is bound
    String registry = null
    if (cfg.dockerConfig) {
        registry = cfg.registry ?: odooPlatformCli(args: ['image', 'registry-host', cfg.image as String]).value
    }
    withCredentials([usernamePassword(credentialsId: cfg.credentialsId,
            usernameVariable: 'REGISTRY_USERNAME', passwordVariable: 'REGISTRY_PASSWORD')]) {
        if (!cfg.dockerConfig) {
            return body(null)
        }
        String dir = "${pwd(tmp: true)}/registry-auth-${env.BUILD_NUMBER ?: '0'}-${UUID.randomUUID()}"
        String configFile = "${dir}/config.json"
        withEnv(["DOCKER_CONFIG=${dir}", "REGISTRY_AUTH_FILE=${configFile}", "OP_REGISTRY=${registry}"]) {
            try {
                // What `docker login --password-stdin` writes, without needing a Docker daemon on the
                // agent: the password only ever travels through a pipe, never an argument.
                sh(label: "registry login ${registry}", script: '''
                    set +x -eu
                    umask 077
                    mkdir -p "$DOCKER_CONFIG"
                    auth="$(printf '%s:%s' "$REGISTRY_USERNAME" "$REGISTRY_PASSWORD" | base64 | tr -d '\\n')"
                    printf '{"auths":{"%s":{"auth":"%s"}}}\\n' "$OP_REGISTRY" "$auth" > "$REGISTRY_AUTH_FILE"
                ''')
                return body(configFile)
            } finally {
                sh(label: 'registry logout', script: 'rm -rf "$DOCKER_CONFIG"')
            }
        }
    }
}

@NonCPS
Map merge(Map config) {
    Map defaults = [
        credentialsId: null,   // required: usernamePassword credential of the registry
        image: null,           // image repository or reference; with dockerConfig, its registry host is logged in to
        registry: null,        // registry host[:port]; defaults to the image's, else Docker Hub
        dockerConfig: false,   // also write a docker config.json for a body that runs docker/buildah itself
    ]
    return defaults + config
}

@NonCPS
String validate(Map config, Map cfg) {
    List unknown = config.keySet().findAll { !(it in ['credentialsId', 'image', 'registry', 'dockerConfig']) }.toList()
    if (unknown) {
        return "unknown parameter(s) ${unknown.sort()}; expected credentialsId, image, registry, dockerConfig"
    }
    if (!cfg.credentialsId) {
        return "'credentialsId' is required: the id of a username/password credential of the registry"
    }
    if (cfg.dockerConfig && !cfg.image && !cfg.registry) {
        return "dockerConfig: give 'image' (a repository such as registry.example.com/acme/acme_odoo) or 'registry'"
    }
    return null
}
