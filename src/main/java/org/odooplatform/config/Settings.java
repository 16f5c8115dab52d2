package org.odooplatform.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Problem;

/**
 * An instance's settings: the variables of the former {@code rancher.env} (secret file) and,
 * optionally, {@code rancher.public.env}. Later definitions win, as with bash {@code source}.
 */
public final class Settings {

    private final Map<String, Setting> byName;

    Settings(Map<String, Setting> byName) {
        this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    public static Settings empty() {
        return new Settings(Map.of());
    }

    /** Builds settings from literal values (tests, generated settings). */
    public static Settings of(Map<String, String> values, boolean secret) {
        Map<String, Setting> map = new LinkedHashMap<>();
        values.forEach((k, v) -> map.put(k, new Setting(k, v, null, 0, secret)));
        return new Settings(map);
    }

    /**
     * Reads the public file (if any) then the secret file, throwing {@link BadInputException} with
     * every syntax problem of both files.
     */
    public static Settings load(Path publicFile, Path secretFile) {
        List<Problem> problems = new ArrayList<>();
        EnvFileParser.Result result = EnvFileParser.Result.empty();
        if (publicFile != null) {
            result = EnvFileParser.parse(publicFile, false, result.settings());
            problems.addAll(result.problems());
        }
        if (secretFile != null) {
            result = EnvFileParser.parse(secretFile, true, result.settings());
            problems.addAll(result.problems());
        }
        if (problems.stream().anyMatch(Problem::isError)) {
            throw new BadInputException(problems);
        }
        return result.settings();
    }

    public Optional<Setting> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The value, or null when the variable is not defined. */
    public String value(String name) {
        Setting setting = byName.get(name);
        return setting == null ? null : setting.value();
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    public Map<String, Setting> all() {
        return byName;
    }

    /** Variable name to value, for substitution into compose files. */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        byName.forEach((k, v) -> values.put(k, v.value()));
        return values;
    }

    /** A copy with one more variable, defined after all others. */
    Settings with(Setting setting) {
        Map<String, Setting> copy = new LinkedHashMap<>(byName);
        copy.remove(setting.name());
        copy.put(setting.name(), setting);
        return new Settings(copy);
    }

    @Override
    public String toString() {
        return byName.values().toString();
    }
}
