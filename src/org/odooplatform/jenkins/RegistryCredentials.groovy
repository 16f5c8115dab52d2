package org.odooplatform.jenkins

/**
 * How the image steps (buildOdooImage, testOdooImage, publishImage, promoteImage, promoteToProd)
 * give the CLI their registry credential: withRegistryLogin binds it as REGISTRY_USERNAME /
 * REGISTRY_PASSWORD around the odooPlatformCli call, and the CLI reads the pair from its
 * environment (and writes any login file a builder needs itself). One place, so no step binds it
 * another way.
 *
 * It never reads the secret: it passes a credential id and the call's parameters on, so none can
 * reach a script text or a log line. Not @NonCPS: it calls the script's steps.
 */
class RegistryCredentials implements Serializable {

    private static final long serialVersionUID = 1L

    /** What registryCredentialsId is, for the steps' "is required" messages. */
    static final String MEANING = 'the id of a username/password credential of the registry'

    /**
     * The result of odooPlatformCli(cli) run with the registry credential {@code credentialsId} of
     * {@code image}'s registry bound; without a credential id (a public registry, or an image
     * built from public bases) the call runs as it is.
     */
    static Map cli(def script, String credentialsId, String image, Map cli) {
        if (!credentialsId) {
            return script.odooPlatformCli(cli)
        }
        return script.withRegistryLogin(credentialsId: credentialsId, image: image) {
            script.odooPlatformCli(cli)
        }
    }
}
