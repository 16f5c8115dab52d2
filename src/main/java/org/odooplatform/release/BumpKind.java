package org.odooplatform.release;

import org.odooplatform.project.OdooVersion;

/** Which number {@code release bump} increments. */
public enum BumpKind {
    /** x.y.z → x.(y+1).0 */
    FEATURE,
    /** x.y.z → x.y.(z+1) */
    PATCH;

    public OdooVersion apply(OdooVersion version) {
        return this == FEATURE ? version.bumpFeature() : version.bumpPatch();
    }
}
