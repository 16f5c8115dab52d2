package org.odooplatform.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Problem;
import org.odooplatform.project.ComposeService;
import org.odooplatform.project.Instance;
import org.odooplatform.project.InstanceComposition;

/**
 * {@code check}: reads an instance's settings and compositions and applies {@link SettingsRules},
 * collecting every problem of every file (syntax errors included) instead of stopping at the first.
 */
public final class SettingsCheck {

    /** Everything found; {@code composeFile} is null when the composition could not be found. */
    public record Report(List<Problem> problems, int variables, Path composeFile) {
        public long errors() {
            return problems.stream().filter(Problem::isError).count();
        }

        public long warnings() {
            return problems.size() - errors();
        }

        /** True when the settings may be used: no error, and no warning either when strict. */
        public boolean passes(boolean strict) {
            return strict ? problems.isEmpty() : errors() == 0;
        }
    }

    private SettingsCheck() {
    }

    public static Report run(Path projectDir, Instance instance, String client, Path publicFile, Path secretFile) {
        return run(projectDir, instance, client, null, publicFile, secretFile);
    }

    /**
     * @param imageRepository the project's image repository (project file or option), to find the
     *                        Odoo service as {@code deploy} does; null when not configured
     */
    public static Report run(Path projectDir, Instance instance, String client, String imageRepository,
            Path publicFile, Path secretFile) {
        List<Problem> problems = new ArrayList<>();
        List<Path> unreadable = new ArrayList<>();
        Settings settings = Settings.empty();
        if (publicFile != null) {
            settings = parse(publicFile, false, settings, problems, unreadable);
        }
        settings = parse(secretFile, true, settings, problems, unreadable);
        InstanceComposition composition = null;
        try {
            composition = InstanceComposition.load(projectDir, instance, client);
            problems.addAll(composition.warnings());
            odooService(composition, imageRepository, problems);
        } catch (BadInputException e) {
            problems.addAll(e.problems());
        }
        // a settings file that could not be read says so once, not once per setting it would have held
        if (unreadable.isEmpty()) {
            problems.addAll(SettingsRules.check(settings, instance, client, secretFile, composition));
        }
        // by file then line, so the report reads top to bottom; the sort is stable for equal places
        problems.sort(java.util.Comparator.comparing((Problem p) -> String.valueOf(p.file())).thenComparingInt(Problem::line));
        return new Report(List.copyOf(problems), settings.all().size(),
                composition == null ? null : composition.dockerComposeFile());
    }

    /** The Odoo service as deploy finds it (the same function), and the same warning when it is not named odoo. */
    private static void odooService(InstanceComposition composition, String imageRepository, List<Problem> problems) {
        try {
            ComposeService odoo = composition.odooService(imageRepository);
            composition.odooNameWarning(odoo).ifPresent(problems::add);
        } catch (BadInputException e) {
            problems.addAll(e.problems());
        }
    }

    private static Settings parse(Path file, boolean secret, Settings defined, List<Problem> problems, List<Path> unreadable) {
        if (!Files.exists(file)) {
            problems.add(Problem.error(file, 0, "settings file not found: expected the instance's rancher.env"));
            unreadable.add(file);
            return defined;
        }
        EnvFileParser.Result result = EnvFileParser.parse(file, secret, defined);
        if (!result.read()) {
            unreadable.add(file);
        }
        problems.addAll(result.problems());
        return result.settings();
    }
}
