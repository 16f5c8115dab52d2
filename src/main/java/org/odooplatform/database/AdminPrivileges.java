package org.odooplatform.database;

/** What the connected admin may do: enough to drop, create and terminate others' sessions? */
public record AdminPrivileges(boolean superuser, boolean createDb, boolean createRole, boolean signalBackend) {

    public String describe() {
        if (superuser) {
            return "superuser";
        }
        return "not superuser" + (createDb ? ", CREATEDB" : "") + (createRole ? ", CREATEROLE" : "")
                + (signalBackend ? ", pg_signal_backend" : "");
    }
}
