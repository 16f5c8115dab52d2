package org.odooplatform.database;

import java.util.List;

/**
 * A database as {@code pg_database} describes it. {@code grants} are the explicit privileges on it
 * (the owner's implicit ones excluded); {@code defaultAcl} is true when none were ever changed.
 */
public record DatabaseInfo(String name, String owner, String encoding, String collate, String ctype,
                           boolean allowConnections, int connectionLimit, String comment,
                           boolean defaultAcl, List<Grant> grants) {

    public DatabaseInfo {
        grants = List.copyOf(grants);
    }

    /** One privilege on the database; {@code grantee} null means PUBLIC. */
    public record Grant(String grantee, String privilege, boolean grantable) {
    }
}
