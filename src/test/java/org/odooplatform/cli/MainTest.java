package org.odooplatform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void itPrintsItsVersion() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, "--version");
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("odoo-platform ").doesNotContain("dev")
                .containsPattern("odoo-platform \\d+\\.\\d+\\.\\d+");
    }

    @Test
    void anUnknownOptionIsBadInput() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(System.out, new PrintStream(err, true, StandardCharsets.UTF_8), "--no-such-option");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option");
    }

    @Test
    void anUnknownInstanceIsBadInputForEveryCommandThatTakesOne() {
        String[][] commands = {
            {"check", "--instance", "staging", "--env-file", "x.env"},
            {"init-settings", "--client", "acme", "--instance", "staging"},
            {"status", "--instance", "staging"},
            {"deploy", "--instance", "prod", "--env-file", "x.env", "--image", "a/b:1", "--require-same-as", "staging"},
        };
        for (String[] command : commands) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(System.out, new PrintStream(err, true, StandardCharsets.UTF_8), command);
            assertThat(code).as(String.join(" ", command)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).as(String.join(" ", command))
                    .contains("unknown instance 'staging': expected one of test, integration, prod");
        }
    }

    @Test
    void theLazySubcommandTableIsTheCommandTreeEachNameItsCommandsOwn() {
        picocli.CommandLine.IFactory factory = OdooPlatformCommand.factory(org.odooplatform.common.Environment.of(java.util.Map.of()));
        OdooPlatformCommand.SUBCOMMANDS.forEach((name, type) ->
                assertThat(new picocli.CommandLine(type, factory).getCommandName()).as(type.getName()).isEqualTo(name));
        OdooPlatformCommand.GROUPS.forEach((group, children) -> children.forEach((name, type) ->
                assertThat(new picocli.CommandLine(type, factory).getCommandName()).as(type.getName()).isEqualTo(name)));
        assertThat(OdooPlatformCommand.needed("deploy", "--help")).containsExactly("deploy");
        assertThat(OdooPlatformCommand.needed("--version")).isEmpty();
        assertThat(OdooPlatformCommand.needed()).containsExactlyElementsOf(OdooPlatformCommand.SUBCOMMANDS.keySet());
        assertThat(OdooPlatformCommand.needed("--help")).containsExactlyElementsOf(OdooPlatformCommand.SUBCOMMANDS.keySet());
        assertThat(OdooPlatformCommand.needed("help", "deploy")).containsExactlyElementsOf(OdooPlatformCommand.SUBCOMMANDS.keySet());
        assertThat(OdooPlatformCommand.needed("deplyo")).containsExactlyElementsOf(OdooPlatformCommand.SUBCOMMANDS.keySet());
    }

    @Test
    void aSubcommandRunAloneHelpsAndParsesAsInTheWholeTree() {
        List<String> names = new ArrayList<>(OdooPlatformCommand.SUBCOMMANDS.keySet());
        names.remove("help");
        OdooPlatformCommand.GROUPS.forEach((group, children) -> children.keySet().forEach(c -> names.add(group + " " + c)));
        for (String name : names) {
            ByteArrayOutputStream lazy = new ByteArrayOutputStream();
            ByteArrayOutputStream full = new ByteArrayOutputStream();
            PrintStream lazyOut = new PrintStream(lazy, true, StandardCharsets.UTF_8);
            PrintStream fullOut = new PrintStream(full, true, StandardCharsets.UTF_8);
            String[] args = (name + " --help").split(" ");
            assertThat(Main.run(lazyOut, lazyOut, args)).as(name).isZero();
            assertThat(OdooPlatformCommand.commandLine(fullOut, fullOut).execute(args)).as(name).isZero();
            assertThat(lazy.toString(StandardCharsets.UTF_8)).as(name).isEqualTo(full.toString(StandardCharsets.UTF_8))
                    .contains("Usage: odoo-platform " + name);
        }
    }

    @Test
    void theRootHelpTheHelpCommandAndSuggestionsStillSeeEveryCommand() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(Main.run(o, o, "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("check", "init-settings", "release", "image", "deploy",
                "diff", "status", "rollback", "db", "rancher-simulator", "sandbox");
        out.reset();
        assertThat(Main.run(o, o, "help", "diff")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: odoo-platform diff");
        out.reset();
        assertThat(Main.run(o, o, "deplyo")).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Unmatched argument", "deploy");
    }
}
