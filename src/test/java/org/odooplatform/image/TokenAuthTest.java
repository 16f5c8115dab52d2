package org.odooplatform.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.testsupport.Cli;
import org.odooplatform.testsupport.NeedsServices;
import org.odooplatform.testsupport.TestService;

/** The bearer-token challenge flow, against a token server in front of the real registry. */
@NeedsServices(TestService.REGISTRY)
class TokenAuthTest {

    private static final String USER = "tokenuser";
    private static final String CANARY = "canary-token-pw-" + System.nanoTime();

    @TempDir
    Path tmp;

    private TokenAuthRegistry tokenRegistry;
    private String repo;
    private String digest;

    @BeforeEach
    void start() throws Exception {
        tokenRegistry = new TokenAuthRegistry(TestRegistry.HOST, TestRegistry.USER, TestRegistry.password(), USER, CANARY);
        repo = TestRegistry.uniqueRepo("token");
        ImageReference base = ImageReference.parse(TestRegistry.BASE_IMAGE);
        digest = new ImagePromoter(TestRegistry.client(), new PrintWriter(new StringWriter()))
                .promote(base, ImageReference.parse(repo + ":abc"), false, false).digest();
    }

    @AfterEach
    void stop() {
        tokenRegistry.close();
    }

    private String viaToken(String reference) {
        return tokenRegistry.host() + reference.substring(TestRegistry.HOST.length());
    }

    @Test
    void itFetchesAScopedTokenFromTheChallengeRealmAndPromotesAcrossRepositories() {
        Path config = TestRegistry.config(tmp, tokenRegistry.host(), USER, CANARY);
        String other = TestRegistry.uniqueRepo("token-prod");

        Cli.Result r = Cli.run("image", "promote", "--from", viaToken(repo + ":abc"), "--to", viaToken(other + ":2.0.0"),
                "--registry-config", config.toString());

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out().strip()).isEqualTo(viaToken(other) + "@" + digest);
        assertThat(TestRegistry.client().headManifest(ImageReference.parse(other).repository(), "2.0.0")).contains(digest);
        String from = ImageReference.parse(repo).repository();
        String to = ImageReference.parse(other).repository();
        assertThat(tokenRegistry.tokenRequests).anySatisfy(q -> assertThat(q).contains("service=test-registry")
                .contains("scope=repository:" + from + ":pull"));
        assertThat(tokenRegistry.tokenRequests).as("a mount asks push on the target and pull on the source in one token")
                .anySatisfy(q -> assertThat(q).contains("scope=repository:" + to + ":pull,push")
                        .contains("scope=repository:" + from + ":pull"));
        assertThat(tokenRegistry.registryAuthHeaders).as("the password only goes to the token service")
                .doesNotContain("Basic").contains("Bearer");
        assertThat(r.all()).doesNotContain(CANARY).doesNotContain("****");
    }

    @Test
    void aWrongPasswordAtTheTokenServiceIsExit2() {
        Path config = TestRegistry.config(tmp, tokenRegistry.host(), USER, CANARY + "-wrong");

        Cli.Result r = Cli.run("image", "resolve", viaToken(repo + ":abc"), "--registry-config", config.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("rejected the credentials of user 'tokenuser'");
        assertThat(r.all()).doesNotContain(CANARY);
    }
}
