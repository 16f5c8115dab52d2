package org.odooplatform.flow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Problem;
import org.odooplatform.config.Settings;
import org.odooplatform.config.SettingsRules;
import org.odooplatform.project.Instance;
import org.odooplatform.project.InstanceComposition;
import org.odooplatform.project.ProjectConfig;
import org.odooplatform.rancher.DesiredStack;
import org.odooplatform.rancher.DesiredStateBuilder;
import org.odooplatform.rancher.LaunchImage;

/**
 * A deploy's local inputs, all validated before anything talks to Rancher: project config,
 * settings, compose files, placeholders, image reference. Every problem is reported at once.
 */
record PreparedDeploy(ProjectConfig config, String stackName, LaunchImage image, DesiredStack desired,
        String version, List<Problem> warnings, Settings settings) {

    static PreparedDeploy of(DeployRequest request) {
        List<Problem> problems = new ArrayList<>();
        if (request.projectDir() == null || !Files.isDirectory(request.projectDir())) {
            throw new BadInputException(request.projectDir(), 0, "project directory not found: expected the root of an Odoo project");
        }
        if (request.instance() == null) {
            throw new BadInputException("--instance is required: test, integration or prod");
        }
        ProjectConfig file = ProjectConfig.load(request.projectDir()).withOverrides(request.client(), null, request.registry());
        ProjectConfig config = file.withOverrides(null, request.image(), null);
        String client = config.requireClient();
        String stackName = TargetCheck.stackName(config, request.instance(), request.stack());
        problems.addAll(TargetCheck.name(config, request.instance(), client, request.stack()));
        if (request.requireSameAs() != null) {
            // the stack compared with must be that instance's too, or prod would be "the same as" itself
            problems.addAll(TargetCheck.name(config, request.requireSameAs(), client, null));
        }
        problems.addAll(DeployMetadata.check(request.commit(), request.triggeredBy(), request.approvedBy()));
        problems.addAll(ReleaseDatabaseSteps.requestProblems(request));
        if (request.recreateDb() && request.instance() != Instance.TEST) {
            problems.add(Problem.error(null, "--recreate-db throws the database away: it is only allowed on the test instance"));
        }
        InstanceComposition composition = null;
        try {
            composition = InstanceComposition.load(request.projectDir(), request.instance(), client);
            problems.addAll(composition.warnings());
        } catch (BadInputException e) {
            problems.addAll(e.problems());
        }
        LaunchImage image = null;
        if (request.image() == null) {
            problems.add(Problem.error(null, "--image REF is required: the Odoo image to deploy, REPOSITORY:TAG or REPOSITORY@sha256:DIGEST"));
        } else {
            String text = config.image().orElse(request.image());
            String composeImage = composition == null || !composition.services().containsKey("odoo") ? null
                    : LaunchImage.tryParse(composition.services().get("odoo").image()).map(LaunchImage::repository).orElse(null);
            List<Problem> imageProblems = ProjectImage.check(text, file.image().orElse(composeImage),
                    file.image().isPresent() ? "'image' of " + ProjectConfig.FILE_NAME : "the odoo service's image in "
                    + (composition == null ? "the compose file" : composition.dockerComposeFile().getFileName()),
                    request.allowOtherRepository());
            problems.addAll(imageProblems);
            image = imageProblems.isEmpty() ? LaunchImage.tryParse(text).orElse(null) : null;
            if (!imageProblems.isEmpty()) {
                // reported above
            } else if (image == null) {
                problems.add(Problem.error(null, "--image '" + text + "' is not an image reference: expected "
                        + "REPOSITORY:TAG or REPOSITORY@sha256:<64 hex digits>"));
            } else if (!image.hasTagOrDigest()) {
                problems.add(Problem.error(null, "--image '" + text + "' names no tag or digest: expected "
                        + "REPOSITORY:TAG or REPOSITORY@sha256:<64 hex digits>"));
                image = null;
            }
        }
        Settings settings = null;
        try {
            if (request.envFile() == null) {
                problems.add(Problem.error(null, "--env-file FILE is required: the instance settings (the former rancher.env)"));
            } else if (!Files.exists(request.envFile())) {
                problems.add(Problem.error(request.envFile(), "--env-file: file not found"));
            } else if (request.publicEnvFile() != null && !Files.exists(request.publicEnvFile())) {
                problems.add(Problem.error(request.publicEnvFile(), "--public-env-file: file not found"));
            } else {
                settings = Settings.load(request.publicEnvFile(), request.envFile());
            }
        } catch (BadInputException e) {
            problems.addAll(e.problems());
        }
        DesiredStack desired = null;
        if (composition != null && settings != null) {
            // with a bad --image, still check the compose files so every problem is reported at once
            LaunchImage pinned = image != null ? image : new LaunchImage("invalid/image", "invalid", null);
            try {
                var odooService = composition.odooService(pinned.repository()); // as check finds it
                composition.odooNameWarning(odooService).ifPresent(problems::add);
                String odoo = odooService.name();
                desired = DesiredStateBuilder.build(stackName, composition, settings, odoo, pinned);
            } catch (BadInputException e) {
                problems.addAll(e.problems());
            }
        }
        if (settings != null) {
            // the platform rules of `check` (RUNNING_ENV, cluster DB names, S3, Redis prefix...), so a
            // deploy never ships settings that check would refuse
            for (Problem p : SettingsRules.check(settings, request.instance(), client, request.envFile(), composition)) {
                if (!problems.contains(p)) {
                    problems.add(p);
                }
            }
        }
        if (problems.stream().anyMatch(Problem::isError)) {
            throw new BadInputException(problems);
        }
        List<Problem> warnings = new ArrayList<>(problems.stream().filter(p -> !p.isError()).toList());
        if (request.instance() == Instance.PROD && !request.dryRun()
                && (request.requireSameAs() == null || request.approvedBy() == null)) {
            // the promote job passes both; by hand, nothing says this image was tried on integration or who approved it
            warnings.add(Problem.warning(null, 0, "deploying to prod without --require-same-as integration and"
                    + " --approved-by NAME: nothing checks that integration runs this image, and no approver is recorded"));
        }
        return new PreparedDeploy(config, stackName, image, desired, readVersion(request.projectDir()), warnings, settings);
    }

    /** {@link TargetCheck#stack}: the existing stack must be this instance's (exit 2 before any change). */
    void checkTarget(org.odooplatform.rancher.Rancher rancher, java.util.Optional<org.odooplatform.rancher.Resource> stack,
            Instance instance) {
        String prefix = desired.odoo().launchConfig().environment().getOrDefault("ODOO_SESSION_REDIS_PREFIX", "");
        stack.ifPresent(s -> TargetCheck.stack(rancher, s, instance, config.client().orElse(null),
                prefix.isEmpty() ? null : prefix));
    }

    private static String readVersion(Path projectDir) {
        Path file = projectDir.resolve("odoo/VERSION");
        try {
            return Files.isRegularFile(file) ? Files.readString(file).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
