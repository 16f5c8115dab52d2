package org.odooplatform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.common.BadInputException;
import org.odooplatform.config.Settings;
import org.odooplatform.project.Instance;
import org.odooplatform.testsupport.NeedsServices;
import org.odooplatform.testsupport.TestService;

/** Every refusal: exit 2, a message saying what to do, no connection made, the database untouched. */
@NeedsServices(TestService.POSTGRES)
class ResetRefusalTest {

    private final PgServer pg = new PgServer();
    private final AtomicInteger connections = new AtomicInteger();
    private String name;

    @TempDir
    Path dir;

    @BeforeEach
    void createTheDatabaseThatMustSurvive() throws Exception {
        name = PgServer.uniqueName();
        pg.createProjectDatabase(name, DatabaseResetTest.DB_PASSWORD);
    }

    @AfterEach
    void theDatabaseIsUntouchedAndNoConnectionWasMade() throws Exception {
        try {
            assertThat(pg.userTables(name, name, DatabaseResetTest.DB_PASSWORD)).isEqualTo(1);
            assertThat(connections.get()).as("connections to the cluster").isZero();
        } finally {
            pg.dropAll(name);
        }
    }

    private BadInputException refusal(Instance instance, String settings, ResetOptions options) throws Exception {
        Path file = dir.resolve("rancher.env");
        Files.writeString(file, settings);
        ResetClients clients = new ResetClients(credentials -> {
            connections.incrementAndGet();
            return PostgresClient.connect(credentials);
        }, OdooServiceControl.NONE, Confirmation.NONE, new PrintWriter(new StringWriter()));
        return catchThrowableOfType(BadInputException.class, () -> DatabaseReset.run(
                ResetRequest.from(instance, PgServer.CLIENT, Settings.load(null, file), file, options, pg.env()), clients));
    }

    private String settings(String dbName, String dbUser) {
        return "export DB_NAME=" + dbName + "\nexport DB_USER=" + dbUser + "\nexport DB_PASSWORD="
                + DatabaseResetTest.DB_PASSWORD + "\n";
    }

    private static ResetOptions yes() {
        return ResetOptions.builder().yes(true).build();
    }

    @Test
    void prodIsNeverReset() throws Exception {
        assertThat(refusal(Instance.PROD, settings(name, name), yes()))
                .hasMessageContaining("integration instance only, not prod: a production database is never reset");
    }

    @Test
    void testHasItsOwnDbContainer() throws Exception {
        assertThat(refusal(Instance.TEST, settings(name, name), yes()))
                .hasMessageContaining("the test instance has its own db container");
    }

    @Test
    void settingsOfAnotherInstanceAreRefusedByTheirRunningEnv() throws Exception {
        // in the public file: every value of a secret file is masked for the rest of the JVM's life
        Path publicFile = dir.resolve("rancher.public.env");
        Files.writeString(publicFile, "export RUNNING_ENV=prod\n");
        Path file = dir.resolve("rancher.env");
        Files.writeString(file, settings(name, name));
        BadInputException refused = catchThrowableOfType(BadInputException.class, () -> ResetRequest.from(
                Instance.INTEGRATION, PgServer.CLIENT, Settings.load(publicFile, file), file, yes(), pg.env()));
        assertThat(refused).hasMessageContaining("rancher.public.env:1: error: RUNNING_ENV is 'prod': expected 'integration'");
    }

    @Test
    void aNameThatRevealsTheClientIsRefused() throws Exception {
        String revealing = "acme_" + name;
        assertThat(refusal(Instance.INTEGRATION, settings(revealing, revealing), yes()))
                .hasMessageContaining("rancher.env:1: error: DB_NAME '" + revealing + "' contains the client name 'acme'");
    }

    @Test
    void aNameThatIsNotAPlainIdentifierIsRefused() throws Exception {
        BadInputException refused = refusal(Instance.INTEGRATION,
                "export DB_NAME='" + name + "\"; DROP DATABASE postgres; --'\nexport DB_USER=" + name + "\n", yes());
        assertThat(refused).hasMessageContaining("rancher.env:1: error: DB_NAME '" + name + "\"; DROP DATABASE postgres; --'"
                + " is not a plain identifier");
        assertThat(refusal(Instance.INTEGRATION, settings("Brave_Otter", "Brave_Otter"), yes()))
                .hasMessageContaining("DB_NAME 'Brave_Otter' is not a plain identifier");
    }

    @Test
    void dbUserMustEqualDbName() throws Exception {
        assertThat(refusal(Instance.INTEGRATION, settings(name, "postgres_admin"), yes()))
                .hasMessageContaining("rancher.env:2: error: DB_USER 'postgres_admin' differs from DB_NAME '" + name + "'");
    }

    @Test
    void withoutYesAndWithoutATerminalNothingHappens() throws Exception {
        assertThat(refusal(Instance.INTEGRATION, settings(name, name), ResetOptions.builder().build()))
                .hasMessageContaining("--yes is missing and stdin is not a terminal")
                .hasMessageContaining("pass --yes");
    }

    @Test
    void missingSettingsAndAdminVariablesAreAllReportedAtOnce() throws Exception {
        Path file = dir.resolve("rancher.env");
        Files.writeString(file, "export DB_USER=\n");
        BadInputException refused = catchThrowableOfType(BadInputException.class, () -> ResetRequest.from(
                Instance.INTEGRATION, PgServer.CLIENT, Settings.load(null, file), file, yes(), key -> null));
        assertThat(refused.problems()).extracting(Object::toString).anySatisfy(p -> assertThat(p).contains("DB_NAME is not set"))
                .anySatisfy(p -> assertThat(p).contains("rancher.env:1: error: DB_USER is empty"))
                .anySatisfy(p -> assertThat(p).contains("PGHOST is not set"))
                .anySatisfy(p -> assertThat(p).contains("PGPASSWORD is not set"));
    }
}
