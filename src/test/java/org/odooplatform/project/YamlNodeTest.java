package org.odooplatform.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.odooplatform.common.BadInputException;

/**
 * Duplicate keys as the real tools read them. rancher-compose v0.12.5 (Rancher 1.6's client) parses
 * both compose files with its vendored gopkg.in/yaml.v2 (e4d366f): {@code decode.go
 * decoder.mapping} calls {@code out.SetMapIndex(k, e)} once per key/value pair with no duplicate
 * check, and {@code decoder.mappingStruct} sets the field again, so the last value wins; libcompose's
 * {@code yaml/types_yaml.go SliceorMap.UnmarshalYAML} fills a map from {@code - k=v} items the same
 * way. docker-compose (PyYAML {@code SafeConstructor.construct_mapping}) and marabunta
 * ({@code parser.py}: {@code yaml.load}) keep the last value too.
 */
class YamlNodeTest {

    static final Path FILE = Path.of("docker-compose.yml");

    @Test
    void aDuplicateKeyKeepsItsFirstPlaceAndItsLastValueAsYamlV2Did() {
        YamlNode root = YamlNode.parseKeepingLast(FILE, "odoo:\n  labels:\n    a: '1'\n    b: x\n    a: '2'\n");
        YamlNode labels = root.get("odoo").orElseThrow().get("labels").orElseThrow();
        assertThat(labels.entries().keySet()).containsExactly("a", "b");
        assertThat(labels.get("a").orElseThrow().text()).isEqualTo("2");
        assertThat(labels.keyLines()).containsEntry("a", 5);
        assertThat(labels.toJava()).isEqualTo(java.util.Map.of("a", "2", "b", "x"));
        assertThat(root.duplicates()).singleElement().satisfies(d -> {
            assertThat(d.path()).isEqualTo("odoo.labels");
            assertThat(d.key()).isEqualTo("a");
            assertThat(d.firstLine()).isEqualTo(3);
            assertThat(d.line()).isEqualTo(5);
            assertThat(d.sameValue()).isFalse();
            assertThat(d.file()).isEqualTo(FILE);
        });
    }

    @Test
    void sameValueComparesTheYamlNotTheText() {
        assertThat(YamlNode.parseKeepingLast(FILE, "a: 1\na: 1\n").duplicates().get(0).sameValue()).isTrue();
        assertThat(YamlNode.parseKeepingLast(FILE, "a: 1\na: '1'\n").duplicates().get(0).sameValue())
                .as("an int and a text are different YAML").isFalse();
        assertThat(YamlNode.parseKeepingLast(FILE, "a: {x: [1, 2]}\na:\n  x:\n    - 1\n    - 2\n").duplicates().get(0)
                .sameValue()).as("flow and block styles of the same mapping").isTrue();
        assertThat(YamlNode.parseKeepingLast(FILE, "a: {x: [1, 2]}\na: {x: [2, 1]}\n").duplicates().get(0).sameValue())
                .isFalse();
    }

    @Test
    void duplicatesAreFoundAtEveryDepthAndInsideLists() {
        YamlNode root = YamlNode.parseKeepingLast(FILE, "odoo:\n  image: a\nodoo:\n  image: b\n  image: c\n"
                + "list:\n  - {k: 1, k: 2}\n");
        assertThat(root.duplicates()).extracting(YamlNode.Duplicate::qualifiedKey)
                .containsExactlyInAnyOrder("odoo", "odoo.image", "list[0].k");
    }

    @Test
    void anAliasIsNotADuplicate() {
        YamlNode root = YamlNode.parseKeepingLast(FILE, "a: &x {k: 1}\nb: *x\nc: *x\n");
        assertThat(root.duplicates()).isEmpty();
    }

    @Test
    void filesOfThisToolStillRefuseDuplicates() {
        assertThatThrownBy(() -> YamlNode.parse(Path.of(".odoo-platform.yml"), "client: acme\nclient: other\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(".odoo-platform.yml:2: error: invalid YAML: duplicate key 'client' (first on line 1)");
    }
}
