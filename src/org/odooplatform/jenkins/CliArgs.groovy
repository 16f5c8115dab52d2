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
        return strings(['stack-name', '--project', cfg.project, '--instance', instance] +
            options('--client': cfg.client, '--stack': cfg.stack))
    }

    /**
     * "option value" for each option whose value is set, in the order given: a parameter left at
     * null (or false, or empty) leaves the CLI's default, and never becomes an empty argument, which
     * odooPlatformCli refuses.
     */
    @NonCPS
    static List options(Map optionValues) {
        List args = []
        optionValues.each { option, value ->
            if (value) {
                args += [option, value]
            }
        }
        return args
    }

    /** Each flag (an option without a value) whose condition is true, in the order given. */
    @NonCPS
    static List<String> flags(Map flagConditions) {
        return flagConditions.findAll { flag, on -> on }.keySet().collect { it as String }
    }

    /** The arguments as odooPlatformCli takes them: text, and credentialFile maps left as they are. */
    @NonCPS
    static List strings(List args) {
        return args.collect { it instanceof Map ? it : it as String }
    }
}
