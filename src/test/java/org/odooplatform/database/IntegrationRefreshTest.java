package org.odooplatform.database;

import org.odooplatform.config.DatabaseNamePolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.project.Instance;
import org.odooplatform.testsupport.NeedsServices;
import org.odooplatform.testsupport.TestService;

/** Integration refreshed from prod on the real server; prod watched by write triggers. */
@NeedsServices(TestService.POSTGRES)
class IntegrationRefreshTest {

    @TempDir
    Path dir;

    private final PgServer pg = new PgServer();
    private final OdooDb prod = new OdooDb(pg, PgServer.uniqueName());
    private final OdooDb integration = new OdooDb(pg, PgServer.uniqueName());
    private final StringWriter output = new StringWriter();
    private final PrintWriter out = new PrintWriter(output, true);
    private final List<String> stopped = new ArrayList<>();

    @BeforeEach
    void setUp() throws SQLException {
        prod.create(1000, "setup", "10.1.0", "10.2.0");
        // every write to prod's tables is logged (the log itself excepted): the refresh must log none
        prod.sql("CREATE TABLE write_log (at timestamptz DEFAULT now(), what text)",
                "CREATE FUNCTION log_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " INSERT INTO write_log (what) VALUES (TG_OP || ' ' || TG_TABLE_NAME); RETURN NULL; END $$");
        for (String table : List.of("res_partner", "ir_cron", "ir_mail_server", "ir_config_parameter", "marabunta_version")) {
            prod.sql("CREATE TRIGGER watch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON " + table
                    + " FOR EACH STATEMENT EXECUTE FUNCTION log_write()");
        }
        integration.create(5, "setup", "10.1.0");
    }

    @AfterEach
    void cleanUp() {
        prod.dropAll();
        integration.dropAll();
    }

    private RestoreResult refresh(Optional<Path> hook) {
        InstanceDatabase p = prod.instance(Instance.PROD, "acme-odoo-prod");
        InstanceDatabase i = integration.instance(Instance.INTEGRATION, "acme-odoo-integration");
        DatabaseClients clients = DatabaseClients.of(Optional.empty(), System::getenv, out).withOdoo(stack -> {
            stopped.add(stack);
            return "deactivated service odoo of stack " + stack;
        });
        return IntegrationRefresh.run(new IntegrationRefresh.Request(p, i,
                new Neutraliser("https://integration.example.com", hook), "acme-odoo-integration", 3, 1,
                Duration.ofMinutes(5)), integration.admin(), clients, new BackupDirectory(dir));
    }

    @Test
    void integrationBecomesANeutralisedCopyOfProdOwnedByItsRoleAndProdIsNeverWritten() throws Exception {
        Map<String, String> prodBefore = prod.fingerprint(prod.name);
        Map<String, String> integrationBefore = integration.fingerprint(integration.name);
        Path hook = dir.resolve("neutralise.sql");
        Files.writeString(hook, "UPDATE res_partner SET email = 'partner' || id || '@integration.invalid';\n"
                + "INSERT INTO ir_config_parameter (key, value) VALUES ('project.hook', 'ran');\n");

        RestoreResult result = refresh(Optional.of(hook));

        String db = integration.name;
        assertThat(prod.fingerprint(prod.name)).isEqualTo(prodBefore);
        assertThat(prod.value(prod.name, "SELECT count(*) FROM write_log")).isEqualTo("0");
        assertThat(integration.value(db, "SELECT count(*) FROM res_partner")).isEqualTo("1000");
        assertThat(integration.value(db, "SELECT count(*) FROM ir_cron WHERE active")).isEqualTo("0");
        assertThat(integration.value(db, "SELECT count(*) FROM ir_mail_server WHERE active")).isEqualTo("0");
        assertThat(integration.value(db, "SELECT value FROM ir_config_parameter WHERE key = 'web.base.url'"))
                .isEqualTo("https://integration.example.com");
        assertThat(integration.value(db, "SELECT value FROM ir_config_parameter WHERE key = 'database.uuid'"))
                .isNotEqualTo("a0e3c2a4-prod-uuid").matches("[0-9a-f-]{36}");
        assertThat(integration.value(db, "SELECT value FROM ir_config_parameter WHERE key = 'project.hook'")).isEqualTo("ran");
        assertThat(integration.value(db, "SELECT count(*) FROM res_partner WHERE email NOT LIKE '%@integration.invalid'")).isEqualTo("0");
        assertThat(integration.value(db, "SELECT string_agg(number, ',' ORDER BY number) FROM marabunta_version"))
                .isEqualTo("10.1.0,10.2.0,setup");
        // the integration role owns the database and every object; no trace of prod's role
        assertThat(pg.databaseRow(db).get("owner")).isEqualTo(db);
        assertThat(integration.value(db, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) <> '" + db + "'")).isEqualTo("0");
        assertThat(integration.value(db, "SELECT count(*) FROM pg_proc WHERE pg_get_userbyid(proowner) = '" + prod.name + "'"))
                .isEqualTo("0");
        assertThat(result.keptAs()).isPresent();
        assertThat(integration.fingerprint(result.keptAs().get())).isEqualTo(integrationBefore);
        assertThat(stopped).containsExactly("acme-odoo-integration");
        // the cluster's naming rule: names come from the random DB_NAME, never the client
        assertThat(pg.databasesStartingWith(db)).allSatisfy(n -> assertThat(DatabaseNamePolicy.revealsClient(n, "acme")).isFalse());
        assertThat(new BackupDirectory(dir).list("acme-odoo-prod")).hasSize(1);
        assertThat(output.toString()).contains("note: " + IntegrationRefresh.FILESTORE_NOTE)
                .contains("neutralise the copy: 2 crons and 1 outgoing mail servers disabled, database.uuid regenerated,"
                        + " web.base.url set to https://integration.example.com; ran " + hook)
                .contains("integration database " + db + " is a neutralised copy of prod at version 10.2.0, owned by " + db)
                .doesNotContain(OdooDb.PASSWORD);
    }

    @Test
    void aFailingProjectHookLeavesIntegrationAsItWasAndNamesTheFile() throws Exception {
        Map<String, String> prodBefore = prod.fingerprint(prod.name);
        Map<String, String> integrationBefore = integration.fingerprint(integration.name);
        Path hook = dir.resolve("neutralise.sql");
        Files.writeString(hook, "UPDATE res_partner SET email = NULL;\n-- a typo\nUPDATE res_partnr SET name = 'x';\n");

        assertThatThrownBy(() -> refresh(Optional.of(hook))).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining(hook + ": the neutralisation SQL failed: relation \"res_partnr\" does not exist")
                .hasMessageContaining(integration.name + " is unchanged and the new database " + integration.name
                        + "_restore was dropped");
        assertThat(integration.fingerprint(integration.name)).isEqualTo(integrationBefore);
        assertThat(pg.databasesStartingWith(integration.name)).containsExactly(integration.name);
        assertThat(prod.fingerprint(prod.name)).isEqualTo(prodBefore);
        assertThat(prod.value(prod.name, "SELECT count(*) FROM write_log")).isEqualTo("0");
        assertThat(stopped).isEmpty();
    }

    @Test
    void prodIsNeverTheTargetAndTheSameDatabaseTwiceIsRefused() {
        InstanceDatabase p = prod.instance(Instance.PROD, "acme-odoo-prod");
        InstanceDatabase i = integration.instance(Instance.INTEGRATION, "acme-odoo-integration");
        Neutraliser n = new Neutraliser("https://x.example.com", Optional.empty());

        assertThatThrownBy(() -> new IntegrationRefresh.Request(i, p, n, null, 1, 1, Duration.ofMinutes(1)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("db refresh writes the integration database only, not prod: prod is never the target of a refresh")
                .hasMessageContaining("db refresh copies prod (--from prod), not integration");
        assertThatThrownBy(() -> new IntegrationRefresh.Request(p, prod.instance(Instance.INTEGRATION, "x"), n, null, 1, 1,
                Duration.ofMinutes(1))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("name the same database or role (" + prod.name + ")");
    }
}
