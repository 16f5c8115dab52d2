package org.odooplatform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Problem;

class EnvFileParserTest {

    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path f = dir.resolve("rancher.env");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void itReadsTheFormatsBashAccepted() throws IOException {
        Path f = file("""
                # comment
                export DOMAIN_NAME=test.acme.odoo.example.com
                export ODOO_BASE_URL="https://${DOMAIN_NAME}"
                PLAIN=value
                   export INDENTED=yes   # trailing comment
                SINGLE='literal $DOMAIN_NAME and "quotes"'
                DOUBLE="a \\"quoted\\" \\$dollar"
                ESCAPED=a\\ b
                CONCAT="x"'y'z$PLAIN
                LOG_HANDLER=":INFO"
                EMPTY=
                BARE_DOLLAR=5$
                """);
        Settings s = Settings.load(null, f);
        assertThat(s.value("DOMAIN_NAME")).isEqualTo("test.acme.odoo.example.com");
        assertThat(s.value("ODOO_BASE_URL")).isEqualTo("https://test.acme.odoo.example.com");
        assertThat(s.value("PLAIN")).isEqualTo("value");
        assertThat(s.value("INDENTED")).isEqualTo("yes");
        assertThat(s.value("SINGLE")).isEqualTo("literal $DOMAIN_NAME and \"quotes\"");
        assertThat(s.value("DOUBLE")).isEqualTo("a \"quoted\" $dollar");
        assertThat(s.value("ESCAPED")).isEqualTo("a b");
        assertThat(s.value("CONCAT")).isEqualTo("xyzvalue");
        assertThat(s.value("LOG_HANDLER")).isEqualTo(":INFO");
        assertThat(s.value("EMPTY")).isEmpty();
        assertThat(s.value("BARE_DOLLAR")).isEqualTo("5$");
        assertThat(s.get("PLAIN").orElseThrow().line()).isEqualTo(4);
    }

    @Test
    void itAcceptsCrlfLineEnds() throws IOException {
        Settings s = Settings.load(null, file("export A=1\r\nexport B=\"two\"\r\n"));
        assertThat(s.value("A")).isEqualTo("1");
        assertThat(s.value("B")).isEqualTo("two");
    }

    @Test
    void thePublicFileIsReadFirstAndTheSecretFileMaySeeItsValues() throws IOException {
        Path pub = dir.resolve("rancher.public.env");
        Files.writeString(pub, "DOMAIN_NAME=x.example.com\n");
        Settings s = Settings.load(pub, file("export ODOO_BASE_URL=https://$DOMAIN_NAME\n"));
        assertThat(s.value("ODOO_BASE_URL")).isEqualTo("https://x.example.com");
        assertThat(s.get("DOMAIN_NAME").orElseThrow().isSecret()).isFalse();
        // a URL is public by the secret rule, whichever file holds it (SecretRule)
        assertThat(s.get("ODOO_BASE_URL").orElseThrow().isSecret()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "export A=two words              | unquoted space in the value",
        "export A=\"unterminated        | unterminated double quote",
        "export A='unterminated         | unterminated single quote",
        "export A=$(cat /etc/passwd)     | command substitution $(...) is not supported",
        "export A=`id`                   | backticks is not supported",
        "export A=${UNDEFINED}           | uses $UNDEFINED, which is not defined above it",
        "export A=${B:-default}          | unsupported expansion ${B:-default}",
        "export 1A=x                     | invalid variable name '1A'",
        "export A = x                    | no space around '='",
        "just some words                 | expected 'export KEY=value'",
        "export A=x; rm -rf /            | unexpected ';'",
    })
    void itReportsEachBadLineWithFileAndLine(String line, String expected) throws IOException {
        Path f = file("export OK=1\n" + line + "\n");
        assertThatThrownBy(() -> Settings.load(null, f))
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> {
                    List<Problem> problems = ((BadInputException) e).problems();
                    assertThat(problems).hasSize(1);
                    assertThat(problems.get(0).line()).isEqualTo(2);
                    assertThat(problems.get(0).file()).isEqualTo(f);
                    assertThat(problems.get(0).message()).contains(expected);
                });
    }

    @Test
    void itReportsAllProblemsAtOnceAndNeverEchoesTheLine() throws IOException {
        Path f = file("bad line one Canary-Leak-1\nexport OK=1\nexport B='x\nexport C=$(x)\n");
        assertThatThrownBy(() -> Settings.load(null, f))
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> {
                    assertThat(((BadInputException) e).problems()).extracting(Problem::line)
                            .containsExactly(1, 3, 4);
                    assertThat(e.getMessage()).doesNotContain("Canary-Leak-1");
                });
    }

    @Test
    void secretSettingsPrintMasked() throws IOException {
        Settings s = Settings.load(null, file("export DB_PASSWORD=Canary-Db-Pass-77\n"));
        assertThat(s.toString()).doesNotContain("Canary-Db-Pass-77").contains("DB_PASSWORD=****");
    }
}
