package org.odooplatform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.project.Instance;
import org.odooplatform.testsupport.NeedsServices;
import org.odooplatform.testsupport.TestService;

/** Backups with the machine's pg_dump 15 against the test PostgreSQL 15. */
@NeedsServices(TestService.POSTGRES)
class DatabaseBackupTest {

    static final String STACK = "acme-odoo-prod";

    @TempDir
    Path dir;

    private final PgServer pg = new PgServer();
    private final OdooDb db = new OdooDb(pg, PgServer.uniqueName());
    private final StringWriter output = new StringWriter();
    private final PrintWriter out = new PrintWriter(output, true);
    private Path mounted;

    @AfterEach
    void cleanUp() throws Exception {
        db.dropAll();
        if (mounted != null) {
            new ProcessBuilder("umount", mounted.toString()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private ServerVersion server() {
        try (PostgresClient admin = PostgresClient.connect(db.admin())) {
            return admin.version();
        }
    }

    private PgTools tools() {
        return PgTools.locate(Optional.empty(), server(), System::getenv);
    }

    private Backup backup(BackupDirectory directory, int keep) {
        InstanceDatabase instance = db.instance(Instance.PROD, STACK);
        return DatabaseBackup.run(new DatabaseBackup.Request(instance, instance.login(db.admin()), "10.1.0",
                "db backup by hand", keep, Duration.ofMinutes(5)), server(), tools(), directory, out);
    }

    @Test
    void itDumpsToANamedFileWithSizeTimeAndTheChecksumOfWhatIsOnDisk() throws Exception {
        db.create(500, "setup", "10.1.0");
        Map<String, String> before = db.fingerprint(db.name);

        Backup backup = backup(new BackupDirectory(dir.resolve("backups")), 5);

        assertThat(backup.file().getFileName().toString()).matches(STACK + "_10\\.1\\.0_\\d{8}T\\d{6}Z\\.dump");
        assertThat(backup.file()).hasParent(dir.resolve("backups"));
        assertThat(backup.sha256()).isEqualTo(BackupDirectory.sha256(backup.file())).hasSize(64);
        assertThat(backup.sizeBytes()).isEqualTo(Files.size(backup.file())).isGreaterThan(1000);
        assertThat(Files.readAllBytes(backup.file())).startsWith("PGDMP".getBytes());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("backups")))).isEqualTo("rwx------");
        assertThat(new BackupDirectory(dir.resolve("backups")).list(STACK)).containsExactly(backup);
        assertThat(output.toString()).contains("backup written: " + backup.file()).contains("5 tables")
                .contains("sha256 " + backup.sha256()).doesNotContain(OdooDb.PASSWORD);
        assertThat(Files.readString(BackupDirectory.sidecar(backup.file()))).contains("\"sha256\" : \"" + backup.sha256())
                .contains("\"databaseVersion\" : \"10.1.0\"").doesNotContain(OdooDb.PASSWORD);
        assertThat(db.fingerprint(db.name)).isEqualTo(before);
        try (Stream<Path> files = Files.list(dir.resolve("backups"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    backup.file().getFileName().toString(), backup.file().getFileName() + ".json");
        }
    }

    @Test
    void retentionKeepsTheNewestBackupsOfTheStackOnly() throws Exception {
        db.create(10, "setup");
        BackupDirectory directory = new BackupDirectory(dir);
        Backup other = otherStackBackup(directory);
        Backup first = backup(directory, 2);
        Thread.sleep(1100);
        Backup second = backup(directory, 2);
        Thread.sleep(1100);
        Backup third = backup(directory, 2);

        assertThat(directory.list(STACK)).containsExactly(second, third);
        assertThat(first.file()).doesNotExist();
        assertThat(BackupDirectory.sidecar(first.file())).doesNotExist();
        assertThat(directory.list(null)).contains(other);
        assertThat(output.toString()).contains("pruned " + first.file().getFileName() + " (keeping the newest 2 backups of " + STACK + ")");
    }

    private Backup otherStackBackup(BackupDirectory directory) {
        InstanceDatabase instance = db.instance(Instance.INTEGRATION, "acme-odoo-integration");
        return DatabaseBackup.run(new DatabaseBackup.Request(instance, instance.login(db.admin()), "setup", "other",
                1, Duration.ofMinutes(5)), server(), tools(), directory, out);
    }

    @Test
    void thePasswordReachesTheToolOnlyThroughAPrivatePassfileNeverItsArgumentsOrEnvironment() throws Exception {
        // a stand-in for pg_dump that reports what it was given: arguments, PG variables, the passfile
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path script = bin.resolve("pg_dump");
        Files.writeString(script, "#!/bin/sh\necho \"args: $*\"\nenv | grep '^PG' | sort\n"
                + "echo \"passfile mode: $(stat -c %a \"$PGPASSFILE\")\"\nprintf 'passfile: '\ncat \"$PGPASSFILE\"\n");
        script.toFile().setExecutable(true);
        PgTools.Tool fake = new PgTools.Tool("pg_dump", script, 15, "15.0");
        PgTools tools = PgTools.of(fake, fake);
        List<String> lines = new java.util.ArrayList<>();
        DatabaseLogin login = new DatabaseLogin("127.0.0.1", 5432, "somedb", "some_user",
                org.odooplatform.common.Secret.of("Canary:Pw\\7f3a"));

        PgTools.Result result = tools.run(fake, List.of("--dbname=somedb"), login, Map.of("PGOPTIONS", "-c x=y"),
                Duration.ofSeconds(30), lines::add, () -> { });

        assertThat(result.ok()).isTrue();
        String all = String.join("\n", lines);
        assertThat(lines.get(0)).isEqualTo("args: --dbname=somedb");
        assertThat(all).contains("passfile mode: 600").contains("passfile: 127.0.0.1:5432:*:some_user:Canary\\:Pw\\\\7f3a")
                .contains("PGOPTIONS=-c x=y").contains("PGCONNECT_TIMEOUT=10")
                .doesNotContain("PGPASSWORD").doesNotContain("PGUSER");
        String passfile = lines.stream().filter(l -> l.startsWith("PGPASSFILE=")).findFirst().orElseThrow().substring(11);
        assertThat(Path.of(passfile)).doesNotExist();
        assertThat(Path.of(passfile).getParent()).doesNotExist();
    }

    @Test
    void clientToolsOfAnotherMajorVersionOrNoneAreRefusedBeforeAnythingIsWritten() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("pg14"));
        for (String tool : List.of("pg_dump", "pg_restore")) {
            // what the real PostgreSQL 14 programs answer
            Path script = bin.resolve(tool);
            Files.writeString(script, "#!/bin/sh\necho '" + tool + " (PostgreSQL) 14.9 (Debian 14.9-1.pgdg120+1)'\n");
            script.toFile().setExecutable(true);
        }
        Path empty = Files.createDirectories(dir.resolve("empty"));

        assertThatThrownBy(() -> PgTools.locate(Optional.of(bin), server(), System::getenv))
                .isInstanceOf(PreconditionException.class)
                .hasMessageStartingWith("no pg_dump and pg_restore of PostgreSQL 15 (the server is 15.")
                .hasMessageContaining("found " + bin.resolve("pg_dump") + " 14.9, " + bin.resolve("pg_restore") + " 14.9")
                .hasMessageContaining("apt-get install postgresql-client-15) or give --pg-bin DIR; nothing was changed");
        assertThatThrownBy(() -> PgTools.locate(Optional.of(empty), server(), System::getenv))
                .isInstanceOf(PreconditionException.class).hasMessageContaining("found in " + empty + ":");
        PgTools real = tools();
        assertThat(real.dump().major()).isEqualTo(15);
        assertThat(real.restore().path().getFileName().toString()).isEqualTo("pg_restore");
    }

    @Test
    void noSpaceLeftAtTheBackupLocationFailsClearlyAndLeavesNoPartialFile() throws Exception {
        Path small = Files.createDirectories(dir.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        // a real full file system; the tests run as root (scripts/test.sh), which may mount a tmpfs
        assertThat(mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0)
                .as("mount a 256 KiB tmpfs (needs root with CAP_SYS_ADMIN, as scripts/test.sh runs): "
                        + new String(mount.getInputStream().readAllBytes())).isTrue();
        mounted = small;
        db.create(20_000, "setup");
        db.sql("CREATE TABLE ir_attachment AS SELECT i AS id, md5(random()::text) || md5(random()::text) AS datas"
                + " FROM generate_series(1, 40000) i");
        Map<String, String> before = db.fingerprint(db.name);

        assertThatThrownBy(() -> backup(new BackupDirectory(small), 5))
                .isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("pg_dump failed (exit 1)")
                .hasMessageContaining("No space left on device")
                .hasMessageContaining("the backup location " + small + " is full")
                .hasMessageEndingWith("The partial file was removed and no backup was recorded; the database was only read and is unchanged");
        try (Stream<Path> files = Files.list(small)) {
            assertThat(files).isEmpty();
        }
        assertThat(db.fingerprint(db.name)).isEqualTo(before);
    }

    @Test
    void aDumpKilledMidwayLeavesNoBackupAndTheDatabaseUnchanged() throws Exception {
        db.create(10, "setup");
        db.sql("CREATE TABLE ir_attachment AS SELECT i AS id, md5(random()::text) || md5(random()::text) AS datas"
                + " FROM generate_series(1, 400000) i");
        Map<String, String> before = db.fingerprint(db.name);
        BackupDirectory directory = new BackupDirectory(dir);
        // once pg_dump has written data, its server session is terminated, as when the server restarts
        Thread killer = new Thread(() -> {
            try {
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (System.nanoTime() < deadline) {
                    try (Stream<Path> files = Files.list(dir)) {
                        Optional<Path> partial = files.filter(p -> p.toString().endsWith(".partial")).findFirst();
                        if (partial.isPresent() && Files.size(partial.get()) > 64 * 1024) {
                            try (Connection c = pg.admin(); Statement st = c.createStatement()) {
                                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                                        + db.name + "' AND application_name = 'pg_dump'");
                            }
                            return;
                        }
                    } catch (IOException e) {
                        // the file was just renamed or removed
                    }
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        killer.start();

        assertThatThrownBy(() -> backup(directory, 5))
                .isInstanceOf(OperationFailedException.class)
                .hasMessageStartingWith("backup of " + db.name + " failed: pg_dump failed (exit 1)")
                // the server's words depend on where pg_dump was when its session went; the command is always named
                .hasMessageContaining("Command was: COPY public.ir_attachment");
        killer.join();
        assertThat(directory.list(null)).isEmpty();
        assertThat(directory.incomplete()).isEmpty();
        assertThat(db.fingerprint(db.name)).isEqualTo(before);
    }
}
