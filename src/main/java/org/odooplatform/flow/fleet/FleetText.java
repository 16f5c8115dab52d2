package org.odooplatform.flow.fleet;

import java.util.ArrayList;
import java.util.List;
import org.odooplatform.flow.DeployMetadata;
import org.odooplatform.rancher.DeployRecord;

/**
 * The terminal table of {@code status --all}: one line per stack, sorted by client then test,
 * integration, prod; columns sized to their content but capped, so 100+ stacks stay one screen
 * wide; drift flags on the stack they concern, then a one-line summary.
 */
public final class FleetText {

    static final String[] HEADER = {"STACK", "VERSION", "IMAGE", "COMMIT", "HEALTH", "PENDING", "LOCK", "LAST DEPLOY", "DRIFT"};
    private static final int[] MAX = {40, 14, 24, 10, 22, 30, 64, 80, 200};

    private FleetText() {
    }

    public static List<String> render(FleetReport report) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ClientStatus c : report.clients()) {
            for (StackStatus s : c.stacks()) {
                rows.add(new String[] {s.name(), or(s.version()), image(s), commit(s.commit()), health(s),
                    s.pending().isEmpty() ? "-" : String.join(",", s.pending()), lock(s.lock()), lastDeploy(s.last()),
                    c.driftOn(s.instance()).stream().map(d -> d.kind().id()).reduce((a, b) -> a + "," + b).orElse("-")});
            }
        }
        int[] width = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                row[i] = cap(DeployMetadata.printable(row[i]), MAX[i]);
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                b.append(i == row.length - 1 ? row[i] : String.format("%-" + width[i] + "s  ", row[i]));
            }
            lines.add(b.toString().stripTrailing());
        }
        List<Drift> drift = report.drift();
        if (!drift.isEmpty()) {
            lines.add("");
            lines.add("Drift:");
            for (ClientStatus c : report.clients()) {
                c.drift().forEach(d -> lines.add("  " + DeployMetadata.printable(c.client() + " " + d.kind().id() + ": " + d.message())));
            }
        }
        long unhealthy = report.stacks().stream().filter(s -> !s.healthy()).count();
        long locked = report.stacks().stream().filter(s -> s.lock() != null && s.lock().live()).count();
        lines.add("");
        lines.add(count(report.stacks().size(), "stack") + " of " + count(report.clients().size(), "client") + " ("
                + count(report.others(), "other stack") + "), " + unhealthy + " not active+healthy, " + locked + " locked, "
                + count(drift.size(), "drift flag") + "; read at " + report.readAt() + " in " + count(report.requests(), "request"));
        return lines;
    }

    /** {@code 1 client}, {@code 3 clients}: the summary line is read by people, at 1 stack as at 300. */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static String image(StackStatus s) {
        String digest = s.digest();
        if (digest != null) {
            return digest.length() > 19 ? digest.substring(0, 19) : digest; // sha256: + 12 hex, as docker prints
        }
        String image = s.odooImage();
        if (image == null) {
            return "-";
        }
        int slash = image.lastIndexOf('/');
        return slash < 0 ? image : image.substring(slash + 1);
    }

    static String commit(String commit) {
        return commit == null ? "-" : commit.length() > 8 ? commit.substring(0, 8) : commit;
    }

    static String health(StackStatus s) {
        return s.state() + (s.transitioning() ? "*" : "") + "/" + or(s.health());
    }

    static String lock(StackStatus.Lock l) {
        if (l == null) {
            return "-";
        }
        return (l.live() ? "" : "expired ") + or(l.holder()) + (l.host() == null ? "" : "@" + l.host())
                + (l.pid() == null ? "" : ":" + l.pid()) + " until " + or(l.expires()).replaceFirst("\\.\\d+Z$", "Z");
    }

    static String lastDeploy(DeployRecord d) {
        if (d == null) {
            return "never";
        }
        return or(d.deployedAt()) + (d.triggeredBy() == null ? "" : " by " + d.triggeredBy())
                + (d.approvedBy() == null ? "" : ", approved " + d.approvedBy());
    }

    private static String or(String s) {
        return s == null ? "-" : s;
    }

    private static String cap(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
