package org.odooplatform.database;

import org.odooplatform.common.OperationFailedException;

/** A statement failed on the server; carries the SQLSTATE so callers can retry the transient ones. */
public class DatabaseOperationException extends OperationFailedException {

    /** {@code object_in_use}: other sessions still use the database. */
    public static final String OBJECT_IN_USE = "55006";

    private final String sqlState;

    public DatabaseOperationException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    public String sqlState() {
        return sqlState;
    }

    public boolean isObjectInUse() {
        return OBJECT_IN_USE.equals(sqlState);
    }
}
