package org.odooplatform.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Problem;
import org.odooplatform.image.BuildRequest;
import org.odooplatform.image.ImageBuilder;
import org.odooplatform.image.ImageLabels;
import org.odooplatform.image.ImageReference;
import org.odooplatform.image.RegistryCredentials;
import org.odooplatform.image.RegistryLogins;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Builds the Odoo image from odoo/Dockerfile (context odoo/) with OCI labels.",
            "Builder output goes to stderr; stdout gets the built reference REPO:TAG as its last line.",
            "Registry logins (for the base image and the target) use --password-stdin into a temporary auth file."})
final class ImageBuildCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProjectOptions project;

    @Mixin
    ImageRepositoryOptions repositoryOptions;

    @Mixin
    BuilderOptions builderOptions;

    @Mixin
    RegistryOptions registryOptions;

    @Option(names = "--tag", required = true, paramLabel = "TAG", description = "Tag of the built image (usually the commit SHA).")
    String tag;

    @Option(names = "--build-arg", paramLabel = "K=V", description = "A build argument, e.g. BASE_IMAGE=registry/odoo-project:10.0 (repeatable).")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--label", paramLabel = "K=V", description = "An extra image label (repeatable); overrides the OCI labels set by default.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--commit", paramLabel = "SHA", description = "Source revision label. Default: git rev-parse HEAD of the project, if it is a git checkout.")
    String commit;

    @Option(names = "--dry-run", description = "Print the build command and labels; build nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Path dir = project.projectDir();
        String repo = repositoryOptions.config(project, err).image().orElseThrow(() -> new BadInputException(
                "the image repository is needed: give --repository REPO or put 'image: REPO' in .odoo-platform.yml"));
        ImageReference base = ImageReference.parse(repo);
        if (base.tag() != null || base.digest() != null) {
            // 'image' of .odoo-platform.yml (--repository is checked by its converter)
            throw new BadInputException("image " + repo + ": give the repository only; the tag goes in --tag");
        }
        ImageReference target = base.withTag(tag);
        List<Problem> problems = new ArrayList<>();
        Map<String, String> args = pairs("--build-arg", buildArgs, problems);
        Map<String, String> extraLabels = pairs("--label", labels, problems);
        Path context = dir.resolve("odoo");
        Path dockerfile = context.resolve("Dockerfile");
        if (!Files.isRegularFile(dockerfile)) {
            problems.add(Problem.error(dockerfile, "not found: the project's image is built from odoo/Dockerfile"));
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        String title = project.config().client().orElse(target.repository().substring(target.repository().lastIndexOf('/') + 1));
        Map<String, String> allLabels = new LinkedHashMap<>(ImageLabels.of(dir, title, commit, Clock.systemUTC()));
        allLabels.putAll(extraLabels);
        RegistryCredentials credentials = registryOptions.credentials();
        RegistryLogins logins = RegistryLogins.forImages(credentials, target, args.containsKey("BASE_IMAGE")
                ? List.of(ImageReference.parse(args.get("BASE_IMAGE"))) : List.of(), registryOptions::insecureFor);
        BuildRequest request = new BuildRequest(context, dockerfile, target, args, allLabels);
        ImageBuilder builder = builderOptions.builders(err).select(builderOptions.builder);
        if (dryRun) {
            err.println("dry run: would run " + String.join(" ", builder.describeBuild(request, logins.insecure())));
            spec.commandLine().getOut().println(target);
            return 0;
        }
        err.println("building " + target + " with " + builder.name() + " from " + context);
        String id = builder.build(request, logins.logins(), logins.insecure());
        err.println("built " + target + (id.isEmpty() ? "" : " (image " + id + ")"));
        spec.commandLine().getOut().println(target);
        return 0;
    }

    private static Map<String, String> pairs(String option, List<String> values, List<Problem> problems) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String value : values) {
            int eq = value.indexOf('=');
            if (eq <= 0) {
                problems.add(Problem.error(null, option + " '" + value + "': expected KEY=VALUE"));
            } else {
                map.put(value.substring(0, eq), value.substring(eq + 1));
            }
        }
        return map;
    }
}
