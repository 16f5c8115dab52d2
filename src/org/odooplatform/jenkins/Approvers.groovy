package org.odooplatform.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * Whether a user is one of the approvers: listed by id, or member of a listed group, compared as
 * pipeline-input-step's InputStepExecution.isMemberOf does (comma-separated, trimmed, and
 * case-insensitive: the default IdStrategy). Unlike canSettle it makes no exception for
 * administrators: Jenkins lets anyone with Overall/Administer settle any input, and a prod
 * approval must come from the approvers only.
 */
class Approvers implements Serializable {

    private static final long serialVersionUID = 1L

    @NonCPS
    static boolean allowed(String user, Collection<String> authorities, String approvers) {
        if (!user) {
            return false
        }
        Set<String> listed = approvers.split(',')*.trim().findAll { it }*.toLowerCase() as Set
        return listed.contains(user.toLowerCase()) || authorities.any { listed.contains(it.toLowerCase()) }
    }
}
