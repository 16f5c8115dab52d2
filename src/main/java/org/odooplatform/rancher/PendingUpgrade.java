package org.odooplatform.rancher;

/**
 * A service an earlier deploy left between versions ({@code upgraded}, {@code upgrading},
 * {@code canceled-upgrade}...). Rancher keeps the old containers until someone finishes or
 * rolls back; rancher-compose confirms such upgrades silently, we show them and ask.
 *
 * @param matchesDesired the pending new version is exactly what this deploy wants (an interrupted
 *                       run of this same deploy): it is resumed, not treated as foreign
 */
public record PendingUpgrade(String service, String state, String oldImage, String newImage, boolean matchesDesired) {

    public String describe() {
        return service + " is '" + state + "' from an earlier deploy: old image " + oldImage + ", new image " + newImage
                + (matchesDesired ? " (the version this deploy wants)" : "");
    }
}
