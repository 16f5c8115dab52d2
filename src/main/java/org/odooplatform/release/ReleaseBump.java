package org.odooplatform.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.Problem;
import org.odooplatform.project.ComposeService;
import org.odooplatform.project.History;
import org.odooplatform.project.Instance;
import org.odooplatform.project.InstanceComposition;
import org.odooplatform.project.MigrationFile;
import org.odooplatform.project.OdooProject;
import org.odooplatform.project.OdooVersion;
import org.odooplatform.project.ProjectConfig;
import org.odooplatform.project.TextFile;
import org.odooplatform.project.YamlNode;

/**
 * {@code release bump}: the old {@code invoke release.bump --feature|--patch} (V2–V4,
 * docs/platform.md §release.bump exactly), byte for byte on a normal project. Where the old task misbehaved it does what the user
 * meant: an exact version match in migration.yml, only the first unreleased heading, a heading
 * at the end of the file still gets its block, line endings kept, and a bad file refused before
 * any file is written.
 */
public final class ReleaseBump {

    /** The block the old task printed before the line after the unreleased heading's underline. */
    static final List<String> SECTION_TEMPLATE = List.of("", "**Features and Improvements**", "",
            "**Bugfixes**", "", "**Build**", "", "**Documentation**", "", "");

    private static final Pattern LIST_DASH = Pattern.compile("^(\\s*)-\\s");

    private ReleaseBump() {
    }

    /**
     * Bumps the project at {@code projectDir}. Every file is read and checked, and every edit is
     * computed and re-checked, before the first one is written; a problem anywhere is a
     * {@link BadInputException} and no file changes. With {@code dryRun} nothing is written.
     */
    public static BumpResult run(Path projectDir, BumpKind kind, LocalDate date, boolean dryRun) {
        BumpResult result = plan(projectDir, kind, date, dryRun);
        if (!dryRun) {
            write(result.changes());
        }
        return result;
    }

    /** Computes the edits without writing anything. */
    public static BumpResult plan(Path projectDir, BumpKind kind, LocalDate date, boolean dryRun) {
        Path root = projectDir.toAbsolutePath().normalize();
        List<Problem> problems = new ArrayList<>();
        OdooProject project = null;
        try {
            project = OdooProject.load(root);
        } catch (BadInputException e) {
            problems.addAll(e.problems());
        }
        TextFile compose = null;
        ComposeService odoo = null;
        List<Problem> composeWarnings = new ArrayList<>();
        try {
            ProjectConfig config = ProjectConfig.load(root);
            String client = config.client().orElse(null);
            InstanceComposition composition = InstanceComposition.read(
                    InstanceComposition.locate(root, Instance.INTEGRATION, client));
            odoo = composition.odooService(config.image().orElse(null)); // as check and deploy find it
            if (odoo.image() == null) {
                problems.add(Problem.error(composition.dockerComposeFile(), odoo.line(), "service '" + odoo.name()
                        + "': expected an 'image:', whose version tag release bump rewrites"));
            }
            composeWarnings = onlyWhatBumpRewrites(composition, odoo, problems);
            compose = TextFile.read(composition.dockerComposeFile());
        } catch (BadInputException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty() && problems.stream().anyMatch(Problem::isError)) {
            throw new BadInputException(problems);
        }

        OdooVersion oldVersion = project.version();
        OdooVersion newVersion = kind.apply(oldVersion);
        String next = newVersion.toString();
        List<FileChange> changes = new ArrayList<>();

        // 1. migration.yml: append '- version: NEW' only when no item is exactly NEW
        MigrationFile migration = project.migration();
        TextFile migrationText = TextFile.read(migration.path());
        Optional<String> migrationEntry = Optional.empty();
        if (!migration.hasVersion(next)) {
            String entry = migrationLine(migration, migrationText, next);
            TextFile edited = insertMigrationEntry(migration, migrationText, entry);
            MigrationFile check = MigrationFile.parse(migration.path(), edited.text());
            if (check.hasErrors() || !check.hasVersion(next)
                    || check.entries().size() != migration.entries().size() + 1) {
                throw new BadInputException(migration.path(), migration.entries().isEmpty() ? 0
                        : migration.entries().get(migration.entries().size() - 1).line(),
                        "cannot append '" + entry.strip() + "' to the versions list: expected 'versions:' to be a"
                                + " block list of '- version:' items; add the entry by hand and run again");
            }
            migrationEntry = Optional.of(entry);
            changes.add(change(root, migrationText, edited));
        }

        // 2. VERSION: NEW and a newline (the file's own newline when it had one)
        TextFile versionFile = project.versionFile();
        String eol = versionFile.endings().isEmpty() || versionFile.endings().get(0).isEmpty()
                ? "\n" : versionFile.endings().get(0);
        changes.add(new FileChange(versionFile.path(), rel(root, versionFile.path()), versionFile.text(), next + eol));

        // 3. integration compose: only the project image's version tag
        List<BumpResult.ComposeChange> composeChanges = new ArrayList<>();
        Optional<String> composeNote = Optional.empty();
        String repository = repository(odoo.image());
        String currentTag = tag(odoo.image());
        TextFile editedCompose = compose;
        if (currentTag == null || OdooVersion.tryParse(currentTag).isEmpty()) {
            composeNote = Optional.of(rel(root, compose.path()) + ": the odoo image is '" + odoo.image()
                    + "', not tagged with a version: left as it is");
        } else {
            for (int i = 0; i < compose.size(); i++) {
                String line = compose.line(i);
                String rewritten = rewriteImageLine(line, repository, next);
                if (rewritten != null && !rewritten.equals(line)) {
                    editedCompose = editedCompose.withLine(i, rewritten);
                    composeChanges.add(new BumpResult.ComposeChange(rel(root, compose.path()), i + 1, line, rewritten));
                }
            }
            if (composeChanges.isEmpty()) {
                composeNote = Optional.of(rel(root, compose.path()) + ": already on " + next + ", nothing to change");
            }
        }

        // 4. HISTORY.rst: the released header under the first unreleased heading
        History history = project.history();
        History.Heading heading = history.unreleased().orElseThrow();
        if (history.releases().containsKey(next)) {
            throw new BadInputException(history.path(), history.releases().get(next).heading().line(),
                    "HISTORY.rst already has a section for " + next + " while odoo/VERSION is " + oldVersion
                            + ": expected odoo/VERSION to hold the latest release");
        }
        String header = next + " (" + date + ")";
        List<String> block = new ArrayList<>(SECTION_TEMPLATE);
        block.add(header);
        block.add(String.valueOf(heading.underline()).repeat(header.length()));
        int target = heading.index() + 2;
        TextFile editedHistory = history.file().withInserted(target, block);

        changes.add(change(root, history.file(), editedHistory));
        if (!composeChanges.isEmpty()) {
            changes.add(change(root, compose, editedCompose));
        }
        changes.removeIf(c -> c.before().equals(c.after()));
        return new BumpResult(oldVersion, newVersion, migrationEntry, composeChanges, composeNote, header,
                target + block.size() - 1, changes, concat(project.warnings(), composeWarnings), dryRun);
    }

    /**
     * release bump rewrites one thing in the compose files: the Odoo service's image tag. A problem
     * of the compose files elsewhere (a duplicate label, an unknown key) is check's and deploy's to
     * refuse: here it is a warning, so a release is never blocked by a line it does not touch. A
     * duplicate of the Odoo service or of its image with different values stays an error: which
     * line to rewrite would be a guess.
     */
    private static List<Problem> onlyWhatBumpRewrites(InstanceComposition composition, ComposeService odoo,
            List<Problem> errors) {
        Set<Integer> rewritten = new HashSet<>();
        for (YamlNode.Duplicate d : composition.duplicates()) {
            boolean odooName = d.path().equals(composition.servicesPath()) && d.key().equals(odoo.name());
            boolean odooImage = d.key().equals("image") && d.path().equals(
                    composition.servicesPath().isEmpty() ? odoo.name() : composition.servicesPath() + "." + odoo.name());
            if ((odooName || odooImage) && !d.sameValue() && d.file().equals(composition.dockerComposeFile())) {
                rewritten.add(d.line());
            }
        }
        List<Problem> warnings = new ArrayList<>();
        for (Problem p : composition.problems()) {
            if (p.isError() && rewritten.contains(p.line()) && composition.dockerComposeFile().equals(p.file())) {
                errors.add(p);
            } else if (p.isError()) {
                warnings.add(Problem.warning(p.file(), p.line(), p.message() + " (not what release bump rewrites;"
                        + " check and deploy refuse it)"));
            } else {
                warnings.add(p);
            }
        }
        return warnings;
    }

    private static List<Problem> concat(List<Problem> a, List<Problem> b) {
        List<Problem> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /** The entry line, indented like the list's other items (four spaces in every template project). */
    private static String migrationLine(MigrationFile migration, TextFile text, String version) {
        String indent = "    ";
        List<MigrationFile.Entry> entries = migration.entries();
        if (!entries.isEmpty()) {
            Matcher m = LIST_DASH.matcher(text.line(entries.get(entries.size() - 1).line() - 1));
            if (m.find()) {
                indent = m.group(1);
            }
        }
        return indent + "- version: " + version;
    }

    /**
     * At the end of the file, as the old task did, when the versions list is the file's last
     * content; otherwise right after the list's last item (appending would land in another key).
     */
    private static TextFile insertMigrationEntry(MigrationFile migration, TextFile text, String entry) {
        List<MigrationFile.Entry> entries = migration.entries();
        int last = entries.isEmpty() ? text.size() : entries.get(entries.size() - 1).lastLine();
        boolean onlyTrivia = true;
        for (int i = last; i < text.size(); i++) {
            String line = text.line(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                onlyTrivia = false;
            }
        }
        return text.withInserted(onlyTrivia ? text.size() : last, List.of(entry));
    }

    /** The line with {@code repository:x.y.z} turned into {@code repository:next}, or null if it has none. */
    static String rewriteImageLine(String line, String repository, String next) {
        Pattern image = Pattern.compile("^(\\s*(?:-\\s+)?image:\\s*[\"']?)" + Pattern.quote(repository)
                + ":([0-9.]+)([\"']?\\s*(?:#.*)?)$");
        Matcher m = image.matcher(line);
        if (!m.matches() || OdooVersion.tryParse(m.group(2)).isEmpty()) {
            return null;
        }
        return m.group(1) + repository + ":" + next + m.group(3);
    }

    static String repository(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        int at = image.indexOf('@');
        int end = at >= 0 ? at : colon > slash ? colon : image.length();
        return image.substring(0, end);
    }

    static String tag(String image) {
        if (image.contains("@")) {
            return null;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(colon + 1) : null;
    }

    private static FileChange change(Path root, TextFile before, TextFile after) {
        return new FileChange(before.path(), rel(root, before.path()), before.text(), after.text());
    }

    private static String rel(Path root, Path file) {
        return root.relativize(file.toAbsolutePath().normalize()).toString();
    }

    /**
     * Writes each new content next to its file, then moves them all into place: a failure while
     * writing the temporary files leaves every project file as it was.
     */
    static void write(List<FileChange> changes) {
        List<Path[]> moves = new ArrayList<>();
        try {
            for (FileChange change : changes) {
                Path target = change.path();
                Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".bump");
                Files.writeString(temp, change.after(), StandardCharsets.UTF_8);
                PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
                if (view != null) {
                    Files.setPosixFilePermissions(temp, view.readAttributes().permissions());
                }
                moves.add(new Path[] {temp, target});
            }
            for (Path[] move : moves) {
                Files.move(move[0], move[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            for (Path[] move : moves) {
                try {
                    Files.deleteIfExists(move[0]);
                } catch (IOException ignored) {
                    // best effort: the temporary file is hidden and named after its target
                }
            }
            throw new OperationFailedException("writing the release files failed (" + e.getMessage()
                    + "); check the permissions of the project directory and `git status` before running again", e);
        } catch (UncheckedIOException e) {
            throw new OperationFailedException("writing the release files failed: " + e.getMessage(), e);
        }
    }
}
