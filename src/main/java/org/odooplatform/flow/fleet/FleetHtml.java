package org.odooplatform.flow.fleet;

import java.util.List;
import java.util.Optional;
import org.odooplatform.project.Instance;

/**
 * {@code status --all --html FILE}: one self-contained page (inline style and script, a
 * Content-Security-Policy that forbids loading anything else), a table sortable by clicking a
 * header, a status colour per cell ({@code ok}, {@code warn}, {@code bad}) and the drift flags.
 * Every value from Rancher is HTML-escaped: a stack's notes are written by any API client.
 */
public final class FleetHtml {

    static final String[] COLUMNS = {"Client", "Instance", "Version", "Image", "Commit", "Health", "Pending", "Lock",
        "Last deploy", "Drift"};

    private FleetHtml() {
    }

    public static String render(FleetReport report) {
        StringBuilder b = new StringBuilder(8192);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"
                        + " script-src 'unsafe-inline'; img-src data:\">\n")
                .append("<title>Odoo fleet status</title>\n<style>\n").append(CSS).append("</style></head><body>\n");
        b.append("<h1>Odoo fleet status</h1>\n<p class=\"summary\">").append(esc(FleetText.count(report.stacks().size(), "stack") + " of "
                + FleetText.count(report.clients().size(), "client") + ", " + FleetText.count(report.drift().size(), "drift flag")
                + ", read from " + report.rancherUrl() + " at " + report.readAt() + " in "
                + FleetText.count(report.requests(), "request")))
                .append(". Click a header to sort.</p>\n");
        b.append("<table id=\"fleet\"><thead><tr>");
        for (int i = 0; i < COLUMNS.length; i++) {
            b.append("<th data-col=\"").append(i).append("\" aria-sort=\"none\">").append(esc(COLUMNS[i])).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (ClientStatus c : report.clients()) {
            for (StackStatus s : c.stacks()) {
                row(b, c, s);
            }
        }
        b.append("</tbody></table>\n<script>\n").append(SCRIPT).append("</script>\n</body></html>\n");
        return b.toString();
    }

    private static void row(StringBuilder b, ClientStatus c, StackStatus s) {
        List<Drift> drift = c.driftOn(s.instance());
        boolean versionDrift = drift.stream().anyMatch(d -> d.kind() == Drift.Kind.PROD_BEHIND_INTEGRATION
                || d.kind() == Drift.Kind.INTEGRATION_BEHIND_RELEASE);
        boolean imageDrift = drift.stream().anyMatch(d -> d.kind() == Drift.Kind.PROD_IMAGE_NOT_FROM_INTEGRATION);
        boolean stuck = drift.stream().anyMatch(d -> d.kind() == Drift.Kind.STUCK_UPGRADE);
        b.append("<tr data-stack=\"").append(esc(s.name())).append("\">");
        cell(b, "", c.client(), c.client(), s.name());
        cell(b, "", s.instance(), String.valueOf(Instance.parse(s.instance()).ordinal()), s.name());
        cell(b, s.version() == null ? "none" : versionDrift ? "bad" : "ok", orDash(s.version()), versionKey(s.version()), null);
        cell(b, imageDrift ? "bad" : s.odooImage() == null ? "none" : "ok", FleetText.image(s), null, s.odooImage());
        cell(b, "", FleetText.commit(s.commit()), null, s.commit());
        cell(b, healthClass(s), FleetText.health(s), null, null);
        cell(b, s.pending().isEmpty() ? "ok" : stuck ? "bad" : "warn", s.pending().isEmpty() ? "-" : String.join(", ", s.pending()),
                null, null);
        cell(b, (s.lock() == null ? "ok" : s.lock().live() ? "warn" : "none") + " wrap", FleetText.lock(s.lock()), null, null);
        cell(b, s.last() == null ? "none wrap" : "wrap", FleetText.lastDeploy(s.last()), s.last() == null ? "" : s.last().deployedAt(), null);
        b.append("<td class=\"").append(drift.isEmpty() ? "ok" : "bad").append("\" data-sort=\"").append(drift.size())
                .append("\">");
        if (drift.isEmpty()) {
            b.append("-");
        }
        for (Drift d : drift) {
            b.append("<span class=\"flag\" data-flag=\"").append(d.kind().id()).append("\" title=\"").append(esc(d.message()))
                    .append("\">").append(esc(d.kind().id())).append("</span> ");
        }
        b.append("</td></tr>\n");
    }

    private static void cell(StringBuilder b, String cls, String text, String sortKey, String title) {
        b.append("<td");
        if (!cls.isEmpty()) {
            b.append(" class=\"").append(cls).append('"');
        }
        if (sortKey != null) {
            b.append(" data-sort=\"").append(esc(sortKey)).append('"');
        }
        if (title != null) {
            b.append(" title=\"").append(esc(title)).append('"');
        }
        b.append('>').append(esc(text)).append("</td>");
    }

    static String healthClass(StackStatus s) {
        String h = s.health() == null ? "" : s.health();
        if (s.healthy()) {
            return "ok";
        }
        if (h.equals("unhealthy") || "error".equals(s.state()) || h.equals("error")) {
            return "bad";
        }
        return "warn";
    }

    /** Numbers zero-padded so a text sort orders 10.10.0 after 10.9.0; non-releases sort first. */
    static String versionKey(String version) {
        Optional<ReleaseVersion> v = ReleaseVersion.parse(version);
        if (v.isEmpty()) {
            return " " + orDash(version);
        }
        StringBuilder k = new StringBuilder();
        v.get().parts().forEach(p -> k.append(String.format("%09d.", p)));
        return k.toString();
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(Character.isISOControl(ch) ? ' ' : ch);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            body{font:13px/1.4 system-ui,sans-serif;margin:1em;color:#222}
            h1{font-size:18px;margin:0 0 .3em}
            .summary{color:#555;margin:0 0 .8em}
            table{border-collapse:collapse;width:100%}
            th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;white-space:nowrap}
            td.wrap{white-space:normal;min-width:12em;max-width:22em}
            th{background:#eee;cursor:pointer;user-select:none;position:sticky;top:0}
            th[aria-sort=ascending]::after{content:" \\25B2"}
            th[aria-sort=descending]::after{content:" \\25BC"}
            td.ok{background:#dff3df}
            td.warn{background:#fff1c2}
            td.bad{background:#f8d0d0}
            td.none{background:#f2f2f2;color:#777}
            .flag{display:inline-block;background:#b00020;color:#fff;border-radius:3px;padding:0 4px;margin-right:2px}
            """;

    private static final String SCRIPT = """
            (function () {
              var table = document.getElementById('fleet');
              var heads = table.tHead.rows[0].cells;
              function key(row, col) {
                var cell = row.cells[col];
                return cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent;
              }
              function sortBy(col) {
                var th = heads[col];
                var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
                for (var i = 0; i < heads.length; i++) { heads[i].setAttribute('aria-sort', 'none'); }
                th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
                var body = table.tBodies[0];
                var rows = Array.prototype.slice.call(body.rows);
                rows.forEach(function (r, i) { r._i = i; });
                rows.sort(function (a, b) {
                  var x = key(a, col), y = key(b, col);
                  var nx = Number(x), ny = Number(y);
                  var c = (x !== '' && y !== '' && !isNaN(nx) && !isNaN(ny)) ? nx - ny : (x < y ? -1 : x > y ? 1 : 0);
                  return c !== 0 ? c * dir : a._i - b._i;
                });
                rows.forEach(function (r) { body.appendChild(r); });
              }
              for (var i = 0; i < heads.length; i++) {
                heads[i].addEventListener('click', (function (c) { return function () { sortBy(c); }; })(i));
              }
            })();
            """;
}
