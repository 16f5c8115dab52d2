package org.odooplatform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.odooplatform.testsupport.Cli;

/** {@code --image REF} of the image commands: one converter, exit 2 naming the option and the wrong part, before any registry call. */
class ImageReferenceOptionTest {

    @Test
    void publishRefusesABadOrIncompleteReferenceAtParsing() {
        Cli.Result upper = Cli.run("image", "publish", "--image", "127.0.0.1:5999/Acme/odoo:1");
        assertThat(upper.code()).as(upper.toString()).isEqualTo(2);
        assertThat(upper.err()).contains("Invalid value for option '--image'").contains("must be lower-case")
                .contains("nothing was changed.");
        Cli.Result bare = Cli.run("image", "publish", "--image", "127.0.0.1:5999/acme/odoo");
        assertThat(bare.code()).as(bare.toString()).isEqualTo(2);
        assertThat(bare.err()).contains("Invalid value for option '--image'").contains("expected a tag (REPO:TAG) or a digest");
        Cli.Result pinned = Cli.run("image", "publish", "--image", "127.0.0.1:5999/acme/odoo@sha256:" + "ab".repeat(32));
        assertThat(pinned.code()).as(pinned.toString()).isEqualTo(2);
        assertThat(pinned.err()).contains("expected REPO:TAG, the tag given to 'image build'");
    }

    @Test
    void resolveRefusesABadReferenceAtParsing() {
        Cli.Result r = Cli.run("image", "resolve", "http://127.0.0.1:5999/acme/odoo:1");
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("an image reference has no scheme").contains("nothing was changed.");
        assertThat(r.out()).isEmpty();
    }
}
