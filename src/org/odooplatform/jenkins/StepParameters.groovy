package org.odooplatform.jenkins

import com.cloudbees.groovy.cps.NonCPS

/** The parameter check every step of the library shares. */
class StepParameters implements Serializable {

    private static final long serialVersionUID = 1L

    /**
     * The step's parameters (its defaults overridden by what the caller gave), once they pass the
     * checks: first no unknown key, then {@code rules}, the step's own checks, given the merged map
     * and returning a message or null. A problem fails the build as "<step>: <message>" before the
     * step does anything. Not @NonCPS: it calls the script's error step and the step's closure.
     */
    static Map checked(def script, String step, Map defaults, Map config, Closure rules) {
        Map cfg = defaults + config
        String problem = unknown(defaults, config) ?: rules(cfg)
        if (problem) {
            script.error("${step}: ${problem}")
        }
        return cfg
    }

    /**
     * "'key' is required: <what it is>" for the first key of {@code whatEach} that {@code cfg} leaves
     * unset (null, false or empty), or null when all are set.
     */
    @NonCPS
    static String required(Map cfg, Map<String, String> whatEach) {
        String key = whatEach.keySet().find { !cfg[it] }
        return key ? "'${key}' is required: ${whatEach[key]}".toString() : null
    }

    /**
     * A message naming the keys of {@code config} that are not parameters of the step (the keys of
     * {@code defaults}) and the expected ones, or null when there are none: a typo fails the build
     * instead of being silently ignored.
     */
    @NonCPS
    static String unknown(Map defaults, Map config) {
        List unknown = config.keySet().findAll { !defaults.containsKey(it) }.toList()
        return unknown ? "unknown parameter(s) ${unknown.sort()}; expected some of ${defaults.keySet().sort()}" : null
    }
}
