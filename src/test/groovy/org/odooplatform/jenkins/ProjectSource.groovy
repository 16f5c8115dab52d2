package org.odooplatform.jenkins

import com.lesfurets.jenkins.unit.global.lib.SourceRetriever

/** Serves the repository root (vars/, resources/) as the library: JenkinsPipelineUnit 1.1 has no projectSource(). */
class ProjectSource implements SourceRetriever {
    List<URL> retrieve(String repository, String branch, String targetPath) {
        [new File(System.getProperty('user.dir')).toURI().toURL()]
    }
}
