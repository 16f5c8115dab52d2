package org.odooplatform.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.odooplatform.common.BadInputException;
import org.odooplatform.project.MigrationFile;
import org.odooplatform.project.YamlNode;

/**
 * Decides, as marabunta's {@code Runner.perform} would at the container's start, whether the
 * project's {@code odoo/migration.yml} will change a database whose {@code marabunta_version}
 * table is {@code state}. Follows marabunta: a version is processed when its row has
 * {@code date_done}; a noop version (no operations, no addons in any mode) is skipped but
 * recorded; an unfinished row stops the run; a pending version below the highest recorded one
 * stops it; more than one pending version stops it unless {@code MARABUNTA_ALLOW_SERIE};
 * {@code MARABUNTA_FORCE_VERSION} re-runs that version.
 */
public final class MigrationCheck {

    private static final Set<String> TRUE = Set.of("y", "yes", "t", "true", "on", "1");

    private MigrationCheck() {
    }

    /**
     * @param allowSerie   {@code MARABUNTA_ALLOW_SERIE} of the instance settings (null if unset)
     * @param forceVersion {@code MARABUNTA_FORCE_VERSION} of the instance settings (null if unset)
     */
    public static MigrationStatus check(MigrationFile file, MarabuntaTable.State state, String allowSerie,
                                        String forceVersion) {
        if (file.hasErrors()) {
            throw new BadInputException(file.problems().stream().filter(p -> p.isError()).toList());
        }
        List<String> versions = new ArrayList<>();
        List<String> noop = new ArrayList<>();
        List<YamlNode> items = file.versionsNode().map(YamlNode::items).orElse(List.of());
        for (YamlNode item : items) {
            Optional<String> number = item.get("version").map(YamlNode::text);
            if (number.isEmpty()) {
                continue;
            }
            versions.add(number.get());
            if (isNoop(item)) {
                noop.add(number.get());
            }
        }
        versions.sort(MarabuntaTable.VERSION_ORDER);
        String code = versions.isEmpty() ? "none" : versions.get(versions.size() - 1);
        if (!state.exists()) {
            return new MigrationStatus(MigrationStatus.Verdict.NO_DATABASE, state, code, versions, List.of(), Optional.empty());
        }
        if (!state.tablePresent()) {
            List<String> run = versions.stream().filter(v -> !noop.contains(v)).toList();
            return new MigrationStatus(MigrationStatus.Verdict.FIRST_INSTALL, state, code, run, List.of(), Optional.empty());
        }
        boolean force = forceVersion != null && !forceVersion.isBlank();
        List<String> unfinished = state.rows().stream().filter(r -> !r.done()).map(MarabuntaTable.Row::number).toList();
        List<String> pending = new ArrayList<>();
        List<String> noopPending = new ArrayList<>();
        for (String v : versions) {
            boolean processed = state.row(v).map(MarabuntaTable.Row::done).orElse(false);
            if (processed) {
                continue;
            }
            (noop.contains(v) ? noopPending : pending).add(v);
        }
        if (!force && !unfinished.isEmpty()) {
            return blocked(state, code, pending, noopPending, "the upgrade of version " + String.join(", ", unfinished)
                    + " was attempted and failed (date_done is empty in " + MarabuntaTable.TABLE + "): restore the"
                    + " backup, or fix the database and the table by hand, or set MARABUNTA_FORCE_VERSION");
        }
        if (pending.size() > 1 && !TRUE.contains(allowSerie == null ? "" : allowSerie.trim().toLowerCase(Locale.ROOT))) {
            return blocked(state, code, pending, noopPending, "versions " + String.join(", ", pending)
                    + " are all pending and marabunta upgrades one version at a time: release them one by one,"
                    + " or set MARABUNTA_ALLOW_SERIE=True in the settings");
        }
        Optional<String> installed = state.rows().stream().map(MarabuntaTable.Row::number).max(MarabuntaTable.VERSION_ORDER);
        if (force) {
            // marabunta then runs only that version, whatever the table says
            return new MigrationStatus(MigrationStatus.Verdict.MIGRATES, state, code, List.of(forceVersion.trim()),
                    List.of(), Optional.empty());
        }
        if (!pending.isEmpty() && installed.isPresent()
                && MarabuntaTable.VERSION_ORDER.compare(installed.get(), pending.get(0)) > 0) {
            return blocked(state, code, pending, noopPending, "version " + pending.get(0)
                    + " is below the current database version " + installed.get()
                    + " (the database is newer than this code: was it migrated by a later release?)");
        }
        MigrationStatus.Verdict verdict = pending.isEmpty() ? MigrationStatus.Verdict.UP_TO_DATE
                : MigrationStatus.Verdict.MIGRATES;
        return new MigrationStatus(verdict, state, code, pending, noopPending, Optional.empty());
    }

    private static MigrationStatus blocked(MarabuntaTable.State state, String code, List<String> pending,
                                           List<String> noopPending, String why) {
        return new MigrationStatus(MigrationStatus.Verdict.BLOCKED, state, code, pending, noopPending, Optional.of(why));
    }

    /** Marabunta's {@code Version.is_noop}: no pre/post operation and no addon, in the base or any mode. */
    static boolean isNoop(YamlNode version) {
        if (hasWork(version)) {
            return false;
        }
        Optional<YamlNode> modes = version.get("modes").filter(YamlNode::isMap);
        return modes.map(m -> m.entries().values().stream().noneMatch(mode -> mode.isMap() && hasWork(mode)))
                .orElse(true);
    }

    private static boolean hasWork(YamlNode node) {
        Optional<YamlNode> ops = node.get("operations").filter(YamlNode::isMap);
        boolean operations = ops.isPresent() && (nonEmptyList(ops.get(), "pre") || nonEmptyList(ops.get(), "post"));
        Optional<YamlNode> addons = node.get("addons").filter(YamlNode::isMap);
        return operations || addons.isPresent() && nonEmptyList(addons.get(), "upgrade");
    }

    private static boolean nonEmptyList(YamlNode parent, String key) {
        return parent.get(key).filter(YamlNode::isList).map(l -> !l.items().isEmpty()).orElse(false);
    }
}
