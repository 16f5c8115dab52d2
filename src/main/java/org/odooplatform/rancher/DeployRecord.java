package org.odooplatform.rancher;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a deploy put on a stack, stored on the stack itself (its {@code outputs}) so
 * {@code status} can say what runs where and {@code promote} can check what integration runs.
 *
 * @param image  the Odoo image reference deployed (by digest when the deploy was given one)
 * @param digest {@code sha256:...} when known, else null (deployed by tag)
 * @param rolledBackFrom set on the record a rollback writes: the image it went back from (null for a deploy)
 * @param database       what the deploy found and did in the instance's database (migration, backup, or why
 *                       none was taken); null when it did not look (test instance, earlier versions of the tool)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeployRecord(
        String version,
        String image,
        String digest,
        String service,
        String commit,
        String triggeredBy,
        String approvedBy,
        String deployedAt,
        String instance,
        String tool,
        String rolledBackFrom,
        DatabaseNote database) {

    /**
     * The database part of a record: the backup taken before a migrating upgrade, or why there is none;
     * on the record of a rollback that restored a backup, {@code restoredFrom} (its file) and {@code keptAs}
     * (the name the migrated database is kept under), with no backup of its own.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DatabaseNote(String name, String versionBefore, String migration, String backupFile, String backupPath,
            Long backupSizeBytes, String backupSha256, Long backupMillis, String noBackup, String restoredFrom,
            String keptAs) {

        public DatabaseNote(String name, String versionBefore, String migration, String backupFile, String backupPath,
                Long backupSizeBytes, String backupSha256, Long backupMillis, String noBackup) {
            this(name, versionBefore, migration, backupFile, backupPath, backupSizeBytes, backupSha256, backupMillis,
                    noBackup, null, null);
        }

        /** The note of a rollback that put {@code backupFile} back in place of {@code name}. */
        public static DatabaseNote restored(String name, String versionBefore, String backupFile, String keptAs) {
            return new DatabaseNote(name, versionBefore, null, null, null, null, null, null, null, backupFile, keptAs);
        }

        /** True when a backup was taken, so a rollback restores it. */
        @JsonIgnore
        public boolean hasBackup() {
            return backupPath != null;
        }
    }

    public DeployRecord(String version, String image, String digest, String service, String commit, String triggeredBy,
            String approvedBy, String deployedAt, String instance, String tool, String rolledBackFrom) {
        this(version, image, digest, service, commit, triggeredBy, approvedBy, deployedAt, instance, tool, rolledBackFrom, null);
    }

    /** The record of a deploy (not a rollback). */
    public DeployRecord(String version, String image, String digest, String service, String commit, String triggeredBy,
            String approvedBy, String deployedAt, String instance, String tool) {
        this(version, image, digest, service, commit, triggeredBy, approvedBy, deployedAt, instance, tool, null);
    }

    public DeployRecord withDatabase(DatabaseNote note) {
        return new DeployRecord(version, image, digest, service, commit, triggeredBy, approvedBy, deployedAt, instance, tool,
                rolledBackFrom, note);
    }

    /** True when this deploy took a backup before migrating the database: rolling it back restores that backup. */
    @JsonIgnore
    public boolean tookBackup() {
        return database != null && database.hasBackup();
    }

    /** True when {@code serviceName}, between versions towards {@code newImage}, is this deploy's upgrade. */
    public boolean upgrades(String serviceName, String newImage) {
        return serviceName.equalsIgnoreCase(service) && String.valueOf(image).equals(newImage);
    }

    /**
     * Whether a rollback wrote this record; records of earlier versions of the tool carry no
     * {@code rolledBackFrom} and say {@code triggeredBy: "rollback[ by ...]"}.
     */
    @JsonIgnore
    public boolean isRollback() {
        return rolledBackFrom != null || triggeredBy != null && triggeredBy.matches("rollback( by .*)?");
    }
}
