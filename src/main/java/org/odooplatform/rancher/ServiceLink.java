package org.odooplatform.rancher;

/**
 * A compose {@code links} ({@code service:alias}, same stack) or {@code external_links}
 * ({@code stack/service:alias}) entry, set with {@code setservicelinks} as rancher-compose does.
 */
public record ServiceLink(String stack, String service, String alias) {

    /** Parses {@code name[:alias]}; {@code stack/service} names another stack. */
    public static ServiceLink parse(String text, boolean external) {
        String[] parts = text.trim().split(":", 2);
        String target = parts[0].trim();
        String alias = parts.length == 2 ? parts[1].trim() : "";
        String stack = null;
        String service = target;
        int slash = target.indexOf('/');
        if (slash >= 0) {
            stack = target.substring(0, slash);
            service = target.substring(slash + 1);
        }
        if (alias.isEmpty()) {
            alias = service;
        }
        return new ServiceLink(external ? stack : null, service, alias);
    }

    /** Same target and alias (case-insensitive, as Cattle matches names). */
    public boolean sameAs(ServiceLink other) {
        return java.util.Objects.equals(stack == null ? null : stack.toLowerCase(java.util.Locale.ROOT),
                other.stack == null ? null : other.stack.toLowerCase(java.util.Locale.ROOT))
                && service.equalsIgnoreCase(other.service) && alias.equalsIgnoreCase(other.alias);
    }

    public boolean isExternal() {
        return stack != null;
    }

    @Override
    public String toString() {
        return (stack == null ? "" : stack + "/") + service + ":" + alias;
    }
}
