package org.odooplatform.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.odooplatform.common.Problem;
import org.odooplatform.testsupport.Projects;

class MigrationFileTest {

    private static final Path FILE = Path.of("odoo/migration.yml");

    @Test
    void theSampleIsValidAndItsVersionsAreReadInOrder() {
        MigrationFile file = MigrationFile.load(Projects.SAMPLE.resolve("odoo/migration.yml"));
        assertThat(file.problems()).isEmpty();
        assertThat(file.entries()).extracting(MigrationFile.Entry::version)
                .containsExactly("setup", "10.0.0", "10.1.0", "10.1.1", "10.1.2");
        assertThat(file.hasVersion("10.1.1")).isTrue();
        assertThat(file.hasVersion("10.1")).isFalse();
    }

    @Test
    void aVersionMatchesExactlyNotAsAPrefixNorInAComment() {
        MigrationFile file = MigrationFile.parse(FILE, "migration:\n  versions:\n    - version: 10.1.10\n"
                + "    # - version: 10.1.1\n");
        assertThat(file.hasVersion("10.1.1")).isFalse();
        assertThat(file.hasVersion("10.1.10")).isTrue();
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("unknown top-level key", "migrations:\n  versions: []\n", 1,
                        "unknown key 'migrations', expected one of migration"),
                Arguments.of("unknown migration key", "migration:\n  option:\n    install_command: odoo\n  versions:\n    - version: 10.0.0\n", 2,
                        "migration: unknown key 'option', expected one of options, versions"),
                Arguments.of("unknown option", "migration:\n  options:\n    install_commands: odoo\n  versions:\n    - version: 10.0.0\n", 3,
                        "migration.options: unknown key 'install_commands'"),
                Arguments.of("unknown version key", "migration:\n  versions:\n    - version: 10.0.0\n      operation:\n        pre: []\n", 4,
                        "versions[0]: unknown key 'operation', expected one of addons, backup, modes, operations, version"),
                Arguments.of("addons remove", "migration:\n  versions:\n    - version: 10.0.0\n      addons:\n        remove:\n          - sale\n", 5,
                        "versions[0].addons.remove: marabunta does not support removing addons"),
                Arguments.of("operation typo", "migration:\n  versions:\n    - version: 10.0.0\n      operations:\n        post:\n          - anthem a::main\n        postt: []\n", 7,
                        "versions[0].operations: unknown key 'postt', expected one of post, pre"),
                Arguments.of("mode key typo", "migration:\n  versions:\n    - version: 10.0.0\n      modes:\n        demo:\n          operation: {}\n", 6,
                        "versions[0].modes.demo: unknown key 'operation'"),
                Arguments.of("bad version", "migration:\n  versions:\n    - version: 10.1\n", 3,
                        "versions[0]: version '10.1' is not valid: expected 'setup' or x.y.z"),
                Arguments.of("missing version", "migration:\n  versions:\n    - addons:\n        upgrade: [sale]\n", 3,
                        "versions[0]: expected 'version: x.y.z' (or 'setup')"),
                Arguments.of("duplicate version", "migration:\n  versions:\n    - version: 10.0.0\n    - version: 10.1.0\n    - version: 10.0.0\n", 5,
                        "version 10.0.0 is listed twice (first on line 3)"),
                Arguments.of("versions not a list", "migration:\n  versions:\n    version: 10.0.0\n", 3,
                        "migration.versions: expected a list"),
                Arguments.of("upgrade not a list", "migration:\n  versions:\n    - version: 10.0.0\n      addons:\n        upgrade: sale\n", 5,
                        "versions[0].addons.upgrade: expected a list of addon names"),
                Arguments.of("backup not a boolean", "migration:\n  versions:\n    - version: 10.0.0\n      backup: maybe\n", 4,
                        "versions[0].backup: expected true or false"),
                Arguments.of("YAML syntax", "migration:\n  versions:\n    - version: 10.0.0\n   bad: [\n", 4,
                        "invalid YAML"),
                Arguments.of("duplicate key", "migration:\n  versions: []\n  versions: []\n", 3,
                        "invalid YAML"),
                Arguments.of("empty file", "", 0, "expected a mapping with the key 'migration'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void eachMistakeIsAnErrorWithItsLine(String name, String text, int line, String message) {
        MigrationFile file = MigrationFile.parse(FILE, text);
        assertThat(file.problems()).filteredOn(Problem::isError)
                .anySatisfy(p -> {
                    assertThat(p.line()).isEqualTo(line);
                    assertThat(p.message()).contains(message);
                    assertThat(p.file()).isEqualTo(FILE);
                });
    }

    @Test
    void aListOutOfOrderIsAWarningBecauseMarabuntaSortsIt() {
        MigrationFile file = MigrationFile.parse(FILE,
                "migration:\n  versions:\n    - version: 10.1.10\n    - version: 10.1.2\n");
        assertThat(file.hasErrors()).isFalse();
        assertThat(file.problems()).singleElement().satisfies(p -> {
            assertThat(p.isError()).isFalse();
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).contains("version 10.1.2 comes after 10.1.10 (line 3)");
        });
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        MigrationFile file = MigrationFile.parse(FILE, "migration:\n  optons: {}\n  versions:\n"
                + "    - version: 10.0\n      addons:\n        remove: [a]\n    - versoin: 10.1.0\n");
        assertThat(file.problems()).extracting(Problem::line).contains(2, 4, 6, 7);
    }
}
