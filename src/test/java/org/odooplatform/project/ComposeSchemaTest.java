package org.odooplatform.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComposeSchemaTest {

    @Test
    void theNearestKeyIsSuggestedForTyposSwapsAndCase() {
        var keys = ComposeSchema.DOCKER_COMPOSE.keySet();
        assertThat(ComposeSchema.nearest("enviroment", keys)).hasValue("environment");
        assertThat(ComposeSchema.nearest("environmnet", keys)).hasValue("environment");
        assertThat(ComposeSchema.nearest("Environment", keys)).hasValue("environment");
        assertThat(ComposeSchema.nearest("external-links", keys)).hasValue("external_links");
        assertThat(ComposeSchema.nearest("lables", keys)).hasValue("labels");
        assertThat(ComposeSchema.nearest("imag", keys)).hasValue("image");
        assertThat(ComposeSchema.nearest("port", keys)).as("libcompose's dockerConfigHints").hasValue("ports");
        assertThat(ComposeSchema.nearest("replicas", keys)).isEmpty();
        assertThat(ComposeSchema.nearest("x", List.of("tty"))).isEmpty();
    }

    @Test
    void distanceCountsASwapOfNeighboursAsOneEdit() {
        assertThat(ComposeSchema.distance("start_frist", "start_first")).isEqualTo(1);
        assertThat(ComposeSchema.distance("scael", "scale")).isEqualTo(1);
        assertThat(ComposeSchema.distance("", "abc")).isEqualTo(3);
        assertThat(ComposeSchema.distance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void everyKeyOfLibcomposesV1SchemaIsKnown() {
        // the "properties" of config_schema_v1.json in rancher-compose v0.12.5's vendored libcompose
        // (vendor/github.com/docker/libcompose/config/schema.go), which refused any other key
        List<String> v1 = List.of("blkio_weight", "blkio_weight_device", "build", "cap_add", "cap_drop", "certs",
                "cgroup_parent", "command", "container_name", "cpu_period", "cpu_shares", "cpu_quota", "cpuset",
                "device_read_bps", "device_read_iops", "devices", "device_write_bps", "device_write_iops",
                "default_cert", "disks", "dns", "dns_opt", "dns_search", "dockerfile", "domainname", "entrypoint",
                "env_file", "environment", "expose", "extends", "extra_hosts", "external_ips", "external_links",
                "health_check", "hostname", "image", "ipc", "isolation", "labels", "lb_config", "links",
                "load_balancer_config", "log_driver", "log_opt", "mac_address", "memory", "mem_limit",
                "mem_reservation", "memswap_limit", "mem_swappiness", "metadata", "net", "network_driver",
                "oom_kill_disable", "oom_score_adj", "group_add", "pid", "ports", "privileged", "read_only", "restart",
                "retain_ip", "scale", "scale_policy", "security_opt", "shm_size", "stdin_open", "stop_signal",
                "storage_driver", "tty", "type", "update_strategy", "ulimits", "user", "userdata", "uts", "vcpu",
                "volumes", "volume_driver", "volumes_from", "working_dir");
        assertThat(ComposeSchema.DOCKER_COMPOSE).containsKeys(v1.toArray(String[]::new));
        // rancher/context.go RancherConfig's yaml tags, plus start_on_create (Rancher's export writes it)
        assertThat(ComposeSchema.RANCHER_COMPOSE).containsOnlyKeys("vcpu", "userdata", "memory", "disks", "type",
                "scale", "retain_ip", "lb_config", "external_ips", "hostname", "health_check", "load_balancer_config",
                "default_cert", "certs", "metadata", "scale_policy", "service_schemas", "upgrade_strategy",
                "storage_driver", "network_driver", "start_on_create");
        // go-rancher v2 InstanceHealthCheck and InServiceUpgradeStrategy yaml tags
        assertThat(ComposeSchema.RANCHER_COMPOSE.get("health_check").children()).containsOnlyKeys("healthy_threshold",
                "initializing_timeout", "interval", "name", "port", "recreate_on_quorum_strategy_config",
                "reinitializing_timeout", "request_line", "response_timeout", "strategy", "unhealthy_threshold");
        assertThat(ComposeSchema.RANCHER_COMPOSE.get("upgrade_strategy").children()).containsOnlyKeys("batch_size",
                "interval_millis", "launch_config", "previous_launch_config", "previous_secondary_launch_configs",
                "secondary_launch_configs", "start_first");
    }

    @Test
    void theKeysTheDeployEngineConvertsAreSupported() {
        for (String key : List.of("mem_limit", "log_driver", "log_opt", "volumes_from")) {
            assertThat(ComposeSchema.DOCKER_COMPOSE.get(key).support()).as(key).isEqualTo(ComposeSchema.Support.USED);
        }
    }
}
