package org.odooplatform.rancher;

import java.net.URI;
import org.odooplatform.common.Secret;

/**
 * What the container {@code logs} action returns (go-rancher v2 HostAccess; cattle
 * ContainerLogsActionHandler): the host agent's websocket URL and the short-lived token the client
 * appends as {@code ?token=} (go-rancher hostaccess/instance.go GetHostAccess). The token is a
 * {@link Secret}: it grants reading the container's log for five minutes.
 */
public record HostAccess(URI url, Secret token) {

    public HostAccess {
        String scheme = url.getScheme() == null ? "" : url.getScheme();
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new RancherApiException("POST", "logs", 0, null, null,
                    "the logs action returned a non-websocket URL (scheme '" + scheme + "')", null);
        }
    }

    @Override
    public String toString() {
        return "HostAccess[" + url + "]";
    }
}
