package org.odooplatform.jenkins

import com.cloudbees.groovy.cps.NonCPS

/** Pieces of odoo-platform command lines the steps share. */
class CliArgs implements Serializable {

    private static final long serialVersionUID = 1L

    /**
     * An argument that is the value of {@code variable}, a credential file the calling step bound with
     * withCredentials: the launcher expands it (OP_ARG_n_FROM) and nothing else, so the path never
     * passes through Groovy and a parameter value such as '$RANCHER_SECRET_KEY' stays text.
     */
    @NonCPS
    static Map credentialFile(String variable) {
        return [fromVariable: variable]
    }

    /**
     * `stack-name`: the CLI resolves the instance's stack (--stack, 'stacks' of .odoo-platform.yml,
     * else <client>-odoo-<instance>) and checks the client name, so no step rebuilds the rule.
     */
    @NonCPS
    static List<String> stackName(Map cfg, String instance) {
        List<String> args = ['stack-name', '--project', cfg.project as String, '--instance', instance]
        if (cfg.client) {
            args += ['--client', cfg.client as String]
        }
        if (cfg.stack) {
            args += ['--stack', cfg.stack as String]
        }
        return args
    }
}
