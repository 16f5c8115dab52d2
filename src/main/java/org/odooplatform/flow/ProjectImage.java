package org.odooplatform.flow;

import java.util.ArrayList;
import java.util.List;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Problem;
import org.odooplatform.image.ImageReference;

/**
 * {@code --image} of deploy and diff: a complete, valid reference (distribution's grammar, a port between 1 and
 * 65535, a name of at most 255 characters, sha256 digests of 64 lower-case hex digits, 1-128 tag characters) of
 * the project's own image repository. Deploying another repository's image onto a stack is refused unless
 * {@code --allow-other-repository} says it is meant.
 */
final class ProjectImage {

    /** distribution/reference NameTotalLengthMax. */
    static final int MAX_NAME = 255;

    private ProjectImage() {
    }

    /**
     * The problems of {@code text}; {@code projectRepository} (null: unknown, not compared) is the repository
     * the project's images live in, {@code repositorySource} says where it was read.
     */
    static List<Problem> check(String text, String projectRepository, String repositorySource, boolean allowOther) {
        List<Problem> problems = new ArrayList<>();
        String shown = "--image '" + DeployMetadata.printable(text) + "'";
        if (!text.equals(text.strip()) || text.codePoints().anyMatch(DeployMetadata::isControl)) {
            problems.add(Problem.error(null, shown + " has white space or control characters: expected"
                    + " REPOSITORY:TAG or REPOSITORY@sha256:<64 hex digits>"));
            return problems;
        }
        ImageReference ref;
        try {
            ref = ImageReference.parse(text);
        } catch (BadInputException e) {
            problems.add(Problem.error(null, shown + " is not an image reference: "
                    + e.problems().get(0).message().replaceFirst("^image reference '[^']*': ", "")));
            return problems;
        }
        int colon = ref.registry().lastIndexOf(':');
        if (colon > 0 && !ref.registry().endsWith("]")) {
            long port = Long.parseLong(ref.registry().substring(colon + 1));
            if (port < 1 || port > 65535) {
                problems.add(Problem.error(null, shown + ": registry port " + port + " is not between 1 and 65535"));
            }
        }
        String name = text.replaceFirst("@.*$", "").replaceFirst(":[^:/]*$", "");
        if (name.length() > MAX_NAME) {
            problems.add(Problem.error(null, shown + ": the repository name is longer than " + MAX_NAME
                    + " characters (what registries accept)"));
        }
        if (!problems.isEmpty() || projectRepository == null || allowOther) {
            return problems;
        }
        String expected;
        try {
            expected = ImageReference.parse(projectRepository).name();
        } catch (BadInputException e) {
            return problems; // the project's own setting is reported where it is read
        }
        if (!ref.name().equals(expected)) {
            problems.add(Problem.error(null, shown + " is not the project's image repository " + projectRepository
                    + " (" + repositorySource + "): expected " + projectRepository + ":TAG or " + projectRepository
                    + "@sha256:DIGEST, or --allow-other-repository to deploy an image of " + ref.name()
                    + " on purpose"));
        }
        return problems;
    }
}
