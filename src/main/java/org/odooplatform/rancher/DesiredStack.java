package org.odooplatform.rancher;

import java.util.List;
import java.util.Optional;

/** The services of one stack in creation order (link targets first), and what the builder noticed. */
public record DesiredStack(String name, List<DesiredService> services, List<String> warnings) {

    public Optional<DesiredService> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public DesiredService odoo() {
        return services.stream().filter(DesiredService::odoo).findFirst().orElseThrow();
    }
}
