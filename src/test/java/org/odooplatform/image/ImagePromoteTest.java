package org.odooplatform.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.testsupport.Cli;
import org.odooplatform.testsupport.NeedsServices;
import org.odooplatform.testsupport.TestService;

/** promote and resolve against the real registry of scripts/test-services.sh. */
@NeedsServices(TestService.REGISTRY)
class ImagePromoteTest {

    @TempDir
    Path tmp;

    private Path config;
    private RegistryClient registry;
    private String repo;
    private Manifest base;

    @BeforeEach
    void seed() {
        config = TestRegistry.config(tmp);
        registry = TestRegistry.client();
        repo = TestRegistry.uniqueRepo("promote");
        base = seed(repo, "abc123", "");
    }

    /** Puts the base image's manifest (optionally with trailing bytes, giving another digest) as repo:tag. */
    private Manifest seed(String repository, String tag, String suffix) {
        ImageReference from = ImageReference.parse(TestRegistry.BASE_IMAGE);
        ImageReference to = ImageReference.parse(repository + ":" + tag);
        Manifest source = registry.getManifest(from.repository(), from.tag()).orElseThrow();
        new ImagePromoter(registry, new PrintWriter(new StringWriter())).promote(from, to.withTag("seed-base"), false, false);
        byte[] bytes = Arrays.copyOf(source.bytes(), source.bytes().length + suffix.length());
        System.arraycopy(suffix.getBytes(StandardCharsets.UTF_8), 0, bytes, source.bytes().length, suffix.length());
        Manifest variant = new Manifest(bytes, source.mediaType(), RegistryClient.sha256(bytes));
        registry.putManifest(to.repository(), tag, variant);
        return variant;
    }

    private Cli.Result cli(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--registry-config";
        all[args.length + 1] = config.toString();
        return Cli.run(all);
    }

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void promotingWithinARepositoryPrintsTheDigestAndKeepsTheManifestBytes() {
        Cli.Result r = cli("image", "promote", "--from", repo + ":abc123", "--to", repo + ":10.1.2");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out().strip()).isEqualTo(repo + "@" + base.digest());
        Manifest promoted = registry.getManifest(ImageReference.parse(repo).repository(), "10.1.2").orElseThrow();
        assertThat(promoted.digest()).isEqualTo(base.digest());
        assertThat(promoted.bytes()).isEqualTo(base.bytes());
        assertThat(r.err()).contains("no layer transferred");
    }

    @Test
    void promotingToAnotherRepositoryMountsTheBlobsAndKeepsTheDigest() {
        String other = TestRegistry.uniqueRepo("prod");
        String otherRepo = ImageReference.parse(other).repository();

        Cli.Result r = cli("image", "promote", "--from", repo + "@" + base.digest(), "--to", "10.1.2",
                "--to-repo", otherRepo);

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(lastLine(r.out())).isEqualTo(other + "@" + base.digest());
        assertThat(registry.headManifest(otherRepo, "10.1.2")).contains(base.digest());
        for (String blob : base.blobDigests()) {
            assertThat(registry.blobExists(otherRepo, blob)).as("blob %s mounted into %s", blob, otherRepo).isTrue();
        }
        assertThat(r.err()).contains("blobs mounted from");
    }

    @Test
    void anOciIndexIsPromotedAcrossRepositoriesWithItsPlatformManifests() {
        String repository = ImageReference.parse(repo).repository();
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + Manifest.OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
                + base.mediaType() + "\",\"digest\":\"" + base.digest() + "\",\"size\":" + base.bytes().length
                + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
        byte[] bytes = index.getBytes(StandardCharsets.UTF_8);
        registry.putManifest(repository, "multi", new Manifest(bytes, Manifest.OCI_INDEX, RegistryClient.sha256(bytes)));
        String other = TestRegistry.uniqueRepo("index");

        Cli.Result r = cli("image", "promote", "--from", repo + ":multi", "--to", other + ":1.0.0");

        assertThat(r.code()).as(r.toString()).isZero();
        String otherRepo = ImageReference.parse(other).repository();
        assertThat(registry.headManifest(otherRepo, "1.0.0")).contains(RegistryClient.sha256(bytes));
        assertThat(registry.headManifest(otherRepo, base.digest())).as("platform manifest copied").contains(base.digest());
    }

    @Test
    void aReleaseTagNeverMovesToAnotherDigest() {
        Manifest other = seed(repo, "def456", "\n");
        cli("image", "promote", "--from", repo + ":abc123", "--to", repo + ":10.1.2");

        Cli.Result r = cli("image", "promote", "--from", repo + ":def456", "--to", repo + ":10.1.2");

        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("release tag " + repo + ":10.1.2 already points to " + base.digest())
                .contains("immutable").contains("--force");
        assertThat(r.out()).isEmpty();
        assertThat(registry.headManifest(ImageReference.parse(repo).repository(), "10.1.2")).contains(base.digest());
        assertThat(other.digest()).isNotEqualTo(base.digest());
    }

    @Test
    void forceMovesAReleaseTagAndSaysSo() {
        Manifest other = seed(repo, "def456", "\n");
        cli("image", "promote", "--from", repo + ":abc123", "--to", repo + ":10.1.2");

        Cli.Result r = cli("image", "promote", "--from", repo + ":def456", "--to", repo + ":10.1.2", "--force");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).contains("warning: moving release tag");
        assertThat(registry.headManifest(ImageReference.parse(repo).repository(), "10.1.2")).contains(other.digest());
    }

    @Test
    void aNonReleaseTagSuchAsLatestMovesFreely() {
        seed(repo, "def456", "\n");
        cli("image", "promote", "--from", repo + ":abc123", "--to", repo + ":latest");

        Cli.Result r = cli("image", "promote", "--from", repo + ":def456", "--to", repo + ":latest");

        assertThat(r.code()).as(r.toString()).isZero();
    }

    @Test
    void promotingATagToTheDigestItAlreadyHasIsANoOp() {
        cli("image", "promote", "--from", repo + ":abc123", "--to", repo + ":10.1.2");

        Cli.Result r = cli("image", "promote", "--from", repo + "@" + base.digest(), "--to", repo + ":10.1.2");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).contains("nothing to do");
        assertThat(r.out().strip()).isEqualTo(repo + "@" + base.digest());
    }

    @Test
    void dryRunReadsTheRegistryButWritesNoTag() {
        Cli.Result r = cli("image", "promote", "--from", repo + ":abc123", "--to", repo + ":10.1.2", "--dry-run");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).contains("dry run: would tag " + base.digest());
        assertThat(registry.headManifest(ImageReference.parse(repo).repository(), "10.1.2")).isEmpty();
    }

    @Test
    void resolvePrintsTheDigestOfATag() {
        Cli.Result r = cli("image", "resolve", repo + ":abc123");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo(repo + "@" + base.digest() + "\n");
    }

    @Test
    void aTagThatDoesNotExistIsExit3NamingIt() {
        Cli.Result resolve = cli("image", "resolve", repo + ":9.9.9");
        Cli.Result promote = cli("image", "promote", "--from", repo + ":no-such-tag", "--to", repo + ":9.9.9");

        assertThat(resolve.code()).as(resolve.toString()).isEqualTo(3);
        assertThat(resolve.err()).contains("tag '9.9.9' does not exist in repository " + repo);
        assertThat(promote.code()).as(promote.toString()).isEqualTo(3);
        assertThat(promote.err()).contains("tag 'no-such-tag' does not exist");
    }

    @Test
    void aWrongPasswordIsExit2WithAClearMessageAndNoPassword() {
        String canary = "canary-wrong-pw-" + System.nanoTime();
        config = TestRegistry.config(tmp, TestRegistry.HOST, TestRegistry.USER, canary);

        Cli.Result r = cli("image", "resolve", repo + ":abc123");

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("rejected the credentials of user '" + TestRegistry.USER + "'").contains(config.toString());
        assertThat(r.all()).doesNotContain(canary).doesNotContain("****");
    }

    @Test
    void missingCredentialsAreExit2SayingWhereToPutThem() {
        Cli.Result r = Cli.run("image", "resolve", repo + ":abc123");

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("requires authentication").contains("REGISTRY_USERNAME");
    }

    @Test
    void aRegistryThatIsDownIsExit1() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        config = TestRegistry.config(tmp, "127.0.0.1:" + port, "u", "canary-pw-down-1234");

        Cli.Result r = cli("image", "promote", "--from", "127.0.0.1:" + port + "/acme/odoo:abc", "--to", "1.0.0");

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("cannot reach registry 127.0.0.1:" + port).contains("connection refused");
    }

    @Test
    void aBadReferenceIsExit2BeforeAnyRequest() {
        Cli.Result r = cli("image", "promote", "--from", "127.0.0.1:1/Acme/Odoo:abc", "--to", "1.0.0");

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("must be lower-case").doesNotContain("cannot reach");
    }
}
