package org.odooplatform.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.odooplatform.testsupport.Projects;

/**
 * The sample project with filled settings: non-secret values in {@code rancher.public.env}, secrets
 * (canaries that must never be printed) in {@code rancher.env}.
 */
public final class DeployFixtures {

    public static final String DB_PASSWORD = "canary-db-pw-7f3a91Xq";
    public static final String ADMIN_PASSWD = "canary-admin-c0ffee5Zr";
    public static final String LE_SECRET = "canary-le-secret-2277Wp";
    public static final String AWS_SECRET = "canary-aws-secret-3311Vk";
    public static final String RANCHER_SECRET = "canary-rancher-sk-9d8e";
    public static final List<String> CANARIES = List.of(DB_PASSWORD, ADMIN_PASSWD, LE_SECRET, AWS_SECRET, RANCHER_SECRET);

    public static final String DIGEST_A = "sha256:" + "a".repeat(64);
    public static final String DIGEST_B = "sha256:" + "b".repeat(64);
    public static final String IMAGE_A = "camptocamp/acme_odoo@" + DIGEST_A;
    public static final String IMAGE_B = "camptocamp/acme_odoo@" + DIGEST_B;

    private static final List<String> SECRET_KEYS = List.of("DB_PASSWORD", "ADMIN_PASSWD", "LETSENCRYPT_AWS_SECRET_KEY",
            "AWS_SECRET_ACCESS_KEY", "DB_USER", "DB_NAME");

    private DeployFixtures() {
    }

    /** A copy of the sample project under {@code dir} (compose files as committed), with settings files. */
    public static Path project(Path dir) {
        Path project = Projects.copySample(dir.resolve("project"));
        for (String instance : List.of("test", "integration", "prod")) {
            writeSettings(project, instance);
        }
        return project;
    }

    public static Path publicEnv(Path project, String instance) {
        return project.resolve("rancher/" + instance + "/rancher.public.env");
    }

    public static Path secretEnv(Path project, String instance) {
        return project.resolve("rancher/" + instance + "/rancher.env");
    }

    private static void writeSettings(Path project, String instance) {
        Path dir = project.resolve("rancher/" + instance);
        try {
            StringBuilder pub = new StringBuilder();
            for (String line : Files.readAllLines(dir.resolve("rancher.env.example"))) {
                String key = line.replaceFirst("^export ", "").replaceFirst("=.*", "");
                if (!SECRET_KEYS.contains(key)) {
                    pub.append(line).append('\n');
                }
            }
            Files.writeString(dir.resolve("rancher.public.env"), pub.toString());
            Map<String, String> secrets = Map.of("DB_PASSWORD", DB_PASSWORD, "ADMIN_PASSWD", ADMIN_PASSWD,
                    "LETSENCRYPT_AWS_SECRET_KEY", LE_SECRET, "AWS_SECRET_ACCESS_KEY", AWS_SECRET,
                    "DB_USER", databaseName(instance), "DB_NAME", instance.equals("test") ? "acme_test_db" : databaseName(instance));
            StringBuilder sec = new StringBuilder("# secrets of the " + instance + " instance\n");
            secrets.forEach((k, v) -> sec.append("export ").append(k).append('=').append(v).append('\n'));
            Files.writeString(dir.resolve("rancher.env"), sec.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What init-settings generates: on the shared cluster a random name, equal to the role's. */
    private static String databaseName(String instance) {
        return instance.equals("test") ? "acme_test" : "quiet_heron_" + (instance.equals("prod") ? 4411 : 7302);
    }

    public static DeployRequest.Builder request(Path project, String instance, String image) {
        return DeployRequest.builder()
                .projectDir(project)
                .instance(org.odooplatform.project.Instance.parse(instance))
                .publicEnvFile(publicEnv(project, instance))
                .envFile(secretEnv(project, instance))
                .image(image)
                .timeout(java.time.Duration.ofSeconds(60))
                .lockWait(java.time.Duration.ofSeconds(60));
    }
}
