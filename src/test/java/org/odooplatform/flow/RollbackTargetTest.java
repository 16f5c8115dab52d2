package org.odooplatform.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.odooplatform.rancher.DeployRecord;

/** Rollback = the previous successful deploy, once (docs/deploy.md "What rollback means"). */
class RollbackTargetTest {

    private static DeployRecord deploy(String image) {
        return new DeployRecord("1.0." + image, image, null, "odoo", null, "jenkins", null, "t", "integration", "odoo-platform");
    }

    private static DeployRecord rollback(String image, String from) {
        return new DeployRecord("1.0." + image, image, null, "odoo", null, "rollback", null, "t", "integration",
                "odoo-platform", from);
    }

    /** Newest first, as the stack stores it; the arguments are oldest first, as they happened. */
    private static List<DeployRecord> history(DeployRecord... oldestFirst) {
        List<DeployRecord> list = new ArrayList<>(List.of(oldestFirst));
        java.util.Collections.reverse(list);
        return list;
    }

    @Test
    void afterDeploysTheTargetIsThePreviousImage() {
        RollbackTarget t = RollbackTarget.of(history(deploy("a"), deploy("b"), deploy("c")));
        assertThat(t.target().orElseThrow().image()).isEqualTo("b");
        assertThat(t.alreadyRolledBack()).isFalse();
    }

    @Test
    void afterARollbackTheNextTargetIsFurtherBackNeverTheVersionRolledBackFrom() {
        RollbackTarget t = RollbackTarget.of(history(deploy("a"), deploy("b"), deploy("c"), rollback("b", "c")));
        assertThat(t.alreadyRolledBack()).isTrue();
        assertThat(t.target().orElseThrow().image()).isEqualTo("a");
        RollbackTarget twice = RollbackTarget.of(history(deploy("a"), deploy("b"), deploy("c"), rollback("b", "c"),
                rollback("a", "b")));
        assertThat(twice.target()).isEmpty();
    }

    @Test
    void recordsOfTheOldToolWhichToggledAreReadAsRollbacks() {
        // the old rollback wrote a copy of the previous record with triggeredBy "rollback by ..." and nothing else
        DeployRecord old = new DeployRecord("1.0.b", "b", null, "odoo", null, "rollback by alice", null, "t",
                "integration", "odoo-platform");
        RollbackTarget t = RollbackTarget.of(history(deploy("a"), deploy("b"), deploy("c"), old));
        assertThat(t.alreadyRolledBack()).isTrue();
        assertThat(t.target().orElseThrow().image()).isEqualTo("a");
    }

    @Test
    void aRedeployOfTheSameImageIsNotAVersionToGoBackTo() {
        RollbackTarget t = RollbackTarget.of(history(deploy("a"), deploy("b"), deploy("b")));
        assertThat(t.target().orElseThrow().image()).isEqualTo("a");
        assertThat(RollbackTarget.of(history(deploy("a"))).target()).isEmpty();
        assertThat(RollbackTarget.of(List.of()).target()).isEmpty();
    }

    @Test
    void aDeployAfterARollbackStartsOver() {
        RollbackTarget t = RollbackTarget.of(history(deploy("a"), deploy("b"), rollback("a", "b"), deploy("c")));
        assertThat(t.alreadyRolledBack()).isFalse();
        assertThat(t.target().orElseThrow().image()).isEqualTo("a");
    }
}
