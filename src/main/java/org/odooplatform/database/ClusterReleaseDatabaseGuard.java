package org.odooplatform.database;

import java.time.Duration;
import java.util.Optional;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.config.Settings;
import org.odooplatform.project.MigrationFile;

/** {@link ReleaseDatabaseGuard} on the shared cluster, with backups in a {@link BackupDirectory}. */
public final class ClusterReleaseDatabaseGuard implements ReleaseDatabaseGuard {

    private final AdminCredentials admin;
    private final DatabaseClients clients;
    private final BackupDirectory directory;
    private final int keep;
    private final Duration timeout;

    public ClusterReleaseDatabaseGuard(AdminCredentials admin, DatabaseClients clients, BackupDirectory directory,
                                       int keep, Duration timeout) {
        this.admin = admin;
        this.clients = clients;
        this.directory = directory;
        this.keep = keep;
        this.timeout = timeout;
    }

    @Override
    public MigrationStatus check(InstanceDatabase database, MigrationFile migration, Settings settings) {
        MarabuntaTable.State state = MarabuntaTable.read(database.login(admin));
        return MigrationCheck.check(migration, state, settings.value("MARABUNTA_ALLOW_SERIE"),
                settings.value("MARABUNTA_FORCE_VERSION"));
    }

    @Override
    public Optional<Backup> beforeUpgrade(InstanceDatabase database, MigrationStatus status, String releaseVersion) {
        if (status.verdict() == MigrationStatus.Verdict.BLOCKED) {
            throw new PreconditionException("release " + releaseVersion + " cannot start on " + database.dbName() + ": "
                    + status.summary() + "; nothing was changed");
        }
        clients.out().println("  " + status.summary());
        if (!status.needsBackup()) {
            return Optional.empty();
        }
        ServerVersion server;
        try (ClusterAdmin session = clients.cluster().connect(admin)) {
            server = session.version();
        }
        PgTools tools = clients.tools().apply(server);
        return Optional.of(DatabaseBackup.run(new DatabaseBackup.Request(database, database.login(admin),
                status.database().latestDone().orElse("none"), "before upgrade to " + releaseVersion, keep, timeout),
                server, tools, directory, clients.out()));
    }

    @Override
    public RestoreResult restore(InstanceDatabase database, Backup backup, Optional<String> expectedSha256) {
        return DatabaseRestore.run(request(database, backup, expectedSha256), admin, clients);
    }

    @Override
    public String checkRestore(InstanceDatabase database, Backup backup, Optional<String> expectedSha256) {
        return DatabaseRestore.check(request(database, backup, expectedSha256), admin, clients);
    }

    /** Sessions terminated (odoo is stopped by the caller), one kept copy (the migrated database), no transform. */
    private DatabaseRestore.Request request(InstanceDatabase database, Backup backup, Optional<String> expectedSha256) {
        return new DatabaseRestore.Request(database, backup, expectedSha256, true, null, 1, false, Optional.empty(),
                "restore of " + backup.file().getFileName(), timeout);
    }

    @Override
    public void confirm(RestoreResult result) {
        result.keptAs().ifPresent(kept -> DatabaseRestore.dropKept(admin, clients.cluster(), result.database(), kept,
                clients.out()));
    }
}
