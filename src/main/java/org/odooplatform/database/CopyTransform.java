package org.odooplatform.database;

import java.io.PrintWriter;

/** Work done on a restored copy before it is swapped in (the neutralisation of a prod copy). */
public interface CopyTransform {

    /** Runs on the copy, logged in as its owner; throws to abandon the restore (the copy is dropped). */
    void apply(DatabaseLogin copy, PrintWriter out);
}
