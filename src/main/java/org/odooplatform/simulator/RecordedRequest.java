package org.odooplatform.simulator;

/**
 * One request the simulator received, as a test asserts on it. The Authorization header is never
 * stored; {@code accessKey} is the user name of the basic credentials (null without them).
 * {@code status} is 0 when the connection was dropped without a response.
 */
public record RecordedRequest(String method, String path, String query, String body, int status, String accessKey) {

    /** GET or HEAD. */
    public boolean isRead() {
        return "GET".equals(method) || "HEAD".equals(method);
    }

    /** POST, PUT, DELETE: anything that may change state. */
    public boolean isMutation() {
        return !isRead();
    }

    /** The value of {@code ?action=} or null. */
    public String action() {
        if (query == null) {
            return null;
        }
        for (String part : query.split("&")) {
            if (part.startsWith("action=")) {
                return part.substring("action=".length());
            }
        }
        return null;
    }

    /** "POST /v2-beta/projects/1a5/services/1s7?action=upgrade" — handy in assertion messages. */
    @Override
    public String toString() {
        return method + " " + path + (query == null || query.isEmpty() ? "" : "?" + query) + " -> " + status;
    }
}
