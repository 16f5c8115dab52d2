package org.odooplatform.flow.sandbox;

import java.util.List;
import java.util.Map;
import org.odooplatform.simulator.RancherSimulator;

/**
 * The platform's shared stacks every Odoo project's compose files link to ({@code external_links:
 * postgres-cluster/lb:db}, {@code redis/redis:redis}) plus the front load balancer {@code lb}: an
 * environment of the platform has them before any project is deployed, so the sandbox's simulator
 * gets them first. Without them the deploy skips the links, as rancher-compose does, and says so.
 */
public final class CommonStacks {

    /** One service of a shared stack: stack name, service name, image. */
    public record Service(String stack, String name, String image) {
    }

    public static final List<Service> SERVICES = List.of(
            new Service("lb", "lb", "rancher/lb-service-haproxy:v0.7.9"),
            new Service("redis", "redis", "redis:3.2-alpine"),
            new Service("postgres-cluster", "postgres", "camptocamp/postgres:9.6"),
            new Service("postgres-cluster", "lb", "rancher/lb-service-haproxy:v0.7.9"));

    private CommonStacks() {
    }

    /** Creates the shared stacks, active and healthy, in {@code simulator}. */
    public static void seed(RancherSimulator simulator) {
        for (Service s : SERVICES) {
            simulator.seedService(s.stack(), s.name(), s.image(), Map.of());
        }
    }
}
