package org.odooplatform.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.JsonTrees;
import org.odooplatform.common.Secret;

/**
 * Where registry credentials come from, in order: {@code REGISTRY_USERNAME}/{@code REGISTRY_PASSWORD}
 * in the environment, else the docker {@code config.json} given with {@code --registry-config}
 * ({@code auths.<host>.auth}, base64 of {@code user:password}, or its username/password fields).
 * Never a command-line value.
 */
public final class RegistryCredentials {

    public static final String USERNAME_ENV = "REGISTRY_USERNAME";
    public static final String PASSWORD_ENV = "REGISTRY_PASSWORD";

    private final Map<String, String> env;
    private final Path configFile;

    public RegistryCredentials(Map<String, String> env, Path configFile) {
        this.env = Map.copyOf(env);
        this.configFile = configFile;
    }

    /** Checks what can be checked before any side effect: env pairs complete, config file readable. */
    public RegistryCredentials validate() {
        boolean user = present(env.get(USERNAME_ENV));
        boolean pass = present(env.get(PASSWORD_ENV));
        if (user != pass) {
            throw new BadInputException((user ? PASSWORD_ENV : USERNAME_ENV) + " is not set but "
                    + (user ? USERNAME_ENV : PASSWORD_ENV) + " is: set both, or neither and use --registry-config");
        }
        if (configFile != null) {
            readConfig();
        }
        return this;
    }

    /** The credential for the registry a command works on: the environment's, else the config file's for that host. */
    public Optional<RegistryCredential> forHost(String host) {
        if (present(env.get(USERNAME_ENV)) && present(env.get(PASSWORD_ENV))) {
            return Optional.of(new RegistryCredential(env.get(USERNAME_ENV), Secret.of(env.get(PASSWORD_ENV)),
                    USERNAME_ENV + "/" + PASSWORD_ENV));
        }
        return fromConfig(host);
    }

    /**
     * The credential for another registry the command only reads from (the base image's): only an
     * entry for that very host in the config file. The environment's pair belongs to the target
     * registry and must not be sent to a different host.
     */
    public Optional<RegistryCredential> forOtherHost(String host) {
        return fromConfig(host);
    }

    private Optional<RegistryCredential> fromConfig(String host) {
        if (configFile == null) {
            return Optional.empty();
        }
        JsonNode auths = readConfig().path("auths");
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (hostOf(entry.getKey()).equals(host) || host.equals("registry-1.docker.io") && isDockerHubKey(entry.getKey())) {
                return Optional.of(parseEntry(entry.getValue(), entry.getKey()));
            }
        }
        return Optional.empty();
    }

    /** For messages: where a user would look to fix the credentials of a host. */
    public String describeSources(String host) {
        return USERNAME_ENV + "/" + PASSWORD_ENV + (configFile != null ? " or auths.\"" + host + "\" in " + configFile : "");
    }

    private RegistryCredential parseEntry(JsonNode entry, String key) {
        String source = configFile + " (auths.\"" + key + "\")";
        if (entry.hasNonNull("auth")) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(entry.get("auth").asText().trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(configFile, 0, "auths.\"" + key + "\".auth is not valid base64 of user:password");
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw new BadInputException(configFile, 0, "auths.\"" + key + "\".auth must encode user:password");
            }
            return new RegistryCredential(decoded.substring(0, colon), Secret.of(decoded.substring(colon + 1)), source);
        }
        if (entry.hasNonNull("username") && entry.hasNonNull("password")) {
            return new RegistryCredential(entry.get("username").asText(), Secret.of(entry.get("password").asText()), source);
        }
        throw new BadInputException(configFile, 0, "auths.\"" + key + "\" has neither 'auth' nor username/password"
                + " (credential helpers are not supported: log in with a file-based config)");
    }

    private JsonNode readConfig() {
        if (!Files.exists(configFile)) {
            throw new BadInputException(configFile, 0, "registry config not found: give the docker config.json that holds the registry's auth");
        }
        try {
            JsonNode root = JsonTrees.parse(org.odooplatform.common.InputFiles.read(configFile,
                    1024 * 1024, org.odooplatform.common.InputFiles.timeout()).text());
            if (root == null || !root.isObject()) {
                throw new BadInputException(configFile, 0, "expected a docker config.json object with 'auths'");
            }
            return root;
        } catch (IOException e) {
            // the message of a JSON error may quote the file, which holds secrets: keep only the position
            throw new BadInputException(configFile, 0, "not valid JSON: expected a docker config.json with 'auths'");
        }
    }

    private static String hostOf(String key) {
        String host = key.replaceFirst("^[a-z]+://", "");
        int slash = host.indexOf('/');
        return slash >= 0 ? host.substring(0, slash) : host;
    }

    private static boolean isDockerHubKey(String key) {
        String host = hostOf(key);
        return host.equals("index.docker.io") || host.equals("docker.io") || host.equals("registry-1.docker.io");
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }
}
