package org.odooplatform.rancher;

import java.util.List;

/**
 * What a deploy does to one service.
 *
 * @param current  the service as it runs now (null when it is created)
 * @param desired  null for a service of the stack that is not in the compose files (left as is)
 * @param newScale the scale to set with PUT, or null when it does not change
 */
public record ServicePlan(String name, Action action, List<FieldChange> changes, Integer newScale,
        Resource current, DesiredService desired, String reason) {

    public enum Action {
        /** the service does not exist: create and start it */
        CREATE("+", "create"),
        /** remove the running service, wait until it is gone, create it again (test --recreate-db) */
        RECREATE("!", "remove and create again"),
        /** in-service upgrade of its launch configs */
        UPGRADE("~", "upgrade"),
        /** only the scale changes (PUT) */
        SCALE("~", "scale"),
        /** unchanged but stopped: activate */
        ACTIVATE("~", "activate"),
        UNCHANGED("=", "unchanged"),
        /** in the stack but not in docker-compose.yml: left as is */
        EXTRA("?", "not in docker-compose.yml, left as is");

        public final String symbol;
        public final String verb;

        Action(String symbol, String verb) {
            this.symbol = symbol;
            this.verb = verb;
        }
    }

    public boolean isChange() {
        return action != Action.UNCHANGED && action != Action.EXTRA;
    }
}
