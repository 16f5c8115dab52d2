/**
 * Logs in to a registry for the duration of the body, in a per-build Docker config directory
 * that is removed in `finally`. The body gets the config.json path; DOCKER_CONFIG,
 * REGISTRY_AUTH_FILE (buildah/podman), REGISTRY_USERNAME and REGISTRY_PASSWORD are set in it.
 */
def call(Map config = [:], Closure body) {
    Map cfg = merge(config)
    String problem = validate(config, cfg)
    if (problem) {
        error("withRegistryLogin: ${problem}")
    }
    String registry = cfg.registry ?: registryOf(cfg.image)
    String dir = "${pwd(tmp: true)}/registry-auth-${env.BUILD_NUMBER ?: '0'}-${UUID.randomUUID()}"
    String configFile = "${dir}/config.json"
    withCredentials([usernamePassword(credentialsId: cfg.credentialsId,
            usernameVariable: 'REGISTRY_USERNAME', passwordVariable: 'REGISTRY_PASSWORD')]) {
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
        image: null,           // image repository or reference; its registry host is logged in to
        registry: null,        // registry host[:port]; defaults to the image's, else Docker Hub
    ]
    return defaults + config
}

@NonCPS
String validate(Map config, Map cfg) {
    List unknown = config.keySet().findAll { !(it in ['credentialsId', 'image', 'registry']) }.toList()
    if (unknown) {
        return "unknown parameter(s) ${unknown.sort()}; expected credentialsId, image, registry"
    }
    if (!cfg.credentialsId) {
        return "'credentialsId' is required: the id of a username/password credential of the registry"
    }
    if (!cfg.image && !cfg.registry) {
        return "give 'image' (a repository such as registry.example.com/acme/acme_odoo) or 'registry'"
    }
    return null
}

/** The registry host of an image reference, as Docker decides it (a first part with '.' or ':'). */
@NonCPS
String registryOf(String image) {
    String first = image.split('/')[0]
    if (image.contains('/') && (first.contains('.') || first.contains(':') || first == 'localhost')) {
        return first
    }
    return 'https://index.docker.io/v1/'
}
