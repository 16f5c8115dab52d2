package org.odooplatform.flow;

import java.nio.file.Path;
import java.time.Duration;
import org.odooplatform.image.Flake8Linter;

/**
 * What {@code image test} runs: the phases turned on, the images, where reports go, and a time
 * bound per phase. {@code upgradeFrom} is null when the upgrade path is not tested. {@code lintIn}
 * says where flake8 runs. {@code upgradeNote} (may be null) says how {@code upgradeFrom} was chosen,
 * or why there is none (the first release). {@code pull}: pull {@code image} when the engine does
 * not have it (a tag build tests the image a master build published).
 */
public record ImageTestRequest(Path project, String image, boolean pull, String dbImage, Path reports, boolean lint,
                               Flake8Linter.Where lintIn, boolean tests,
                               boolean scenario, String upgradeFrom, String upgradeNote, Path dbCache, String junitInImage,
                               Timeouts timeouts) {

    /** The time bound of each phase; {@code database} covers starting the server until it accepts connections. */
    public record Timeouts(Duration lint, Duration database, Duration tests, Duration scenario, Duration upgrade) {
    }
}
