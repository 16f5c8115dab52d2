package org.odooplatform.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.odooplatform.project.Instance;

/** Valid settings of the sample client 'acme' with canary secrets, and edits of them by variable. */
final class SettingsFiles {

    static final String DB_PASSWORD = "Cnry4DbPw9xQ2mV7kL5t";
    static final String ADMIN_PASSWD = "Cnry8AdmN3pR6wZ1yH4s";
    static final String AWS_SECRET = "Cnry2AwsS5cR7tK9mQ1xW3e";
    static final String LETSENCRYPT_SECRET = "Cnry6LeS8cR2tP4vN7bM1q";
    static final List<String> CANARIES = List.of(DB_PASSWORD, ADMIN_PASSWD, AWS_SECRET, LETSENCRYPT_SECRET);

    static final Map<String, String> PROVIDER = Map.of("LETSENCRYPT_AWS_ACCESS_KEY", "AKIAEXAMPLELETSENC01",
            "LETSENCRYPT_AWS_SECRET_KEY", LETSENCRYPT_SECRET, "AWS_HOST", "sos-ch-dk-2.example.com",
            "AWS_ACCESS_KEY_ID", "EXOEXAMPLEACCESS0001", "AWS_SECRET_ACCESS_KEY", AWS_SECRET);

    private SettingsFiles() {
    }

    static String valid(Instance instance) {
        String db = instance == Instance.TEST ? "acme_test_db" : "brave_otter_4821";
        String user = instance == Instance.TEST ? "acme_test" : "brave_otter_4821";
        return SettingsTemplate.render(new SettingsTemplate.Values("acme", instance, instance.id() + ".acme.odoo.example.com",
                db, user, DB_PASSWORD, ADMIN_PASSWD, PROVIDER), false);
    }

    /** Replaces the line of {@code name} by {@code export name=value}, or appends it if absent. */
    static String set(String text, String name, String value) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int index = index(lines, name);
        String line = "export " + name + "=" + value;
        if (index < 0) {
            lines.add(lines.size() - 1, line);
        } else {
            lines.set(index, line);
        }
        return String.join("\n", lines);
    }

    static String remove(String text, String name) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        lines.remove(index(lines, name));
        return String.join("\n", lines);
    }

    /** 1-based line of {@code name}'s definition. */
    static int lineOf(String text, String name) {
        return index(Arrays.asList(text.split("\n", -1)), name) + 1;
    }

    /** The line a missing variable is reported at: after the last line. */
    static int endLine(String text) {
        return text.split("\n", -1).length; // the text ends with \n: the empty last piece is the next line
    }

    private static int index(List<String> lines, String name) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("export " + name + "=")) {
                return i;
            }
        }
        return -1;
    }
}
