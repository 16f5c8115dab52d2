package org.odooplatform.jenkins

import com.cloudbees.groovy.cps.NonCPS

/** The parameter check every step of the library shares. */
class StepParameters implements Serializable {

    private static final long serialVersionUID = 1L

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
