package org.odooplatform.flow.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.flow.SimulatorHarness;
import org.odooplatform.rancher.Rancher;
import org.odooplatform.testsupport.NeedsServices;
import org.odooplatform.testsupport.TestService;

/**
 * The {@code --html} page in a real headless Chromium: it renders (CSS applied: the computed colour of
 * a bad cell), it sorts (a header clicked by a script, the row order read back from the DOM Chromium
 * dumps), it shows the drift flags, and it loads nothing from outside.
 */
@NeedsServices(TestService.CHROMIUM)
class FleetHtmlBrowserTest {

    static SimulatorHarness h;
    static FleetReport report;
    static String page;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void seed() {
        h = new SimulatorHarness(Duration.ofMillis(5), Duration.ofMillis(5));
        Rancher rancher = h.clients().rancher().get();
        Instant now = Instant.now();
        FleetFixture.seed(h.sim, rancher, now);
        report = FleetStatus.read(rancher, h.sim.baseUrl(), Clock.fixed(now.plusSeconds(1), ZoneOffset.UTC));
        page = FleetHtml.render(report);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    /** The page with a script appended that runs after the page's own (the CSP allows inline scripts only). */
    private static String withProbe(String probe) {
        return page.replace("</body>", "<script>\n" + probe + "\n</script>\n</body>");
    }

    private static String dumpDom(String html) throws Exception {
        Path file = Files.createTempFile(tmp, "fleet-", ".html");
        Files.writeString(file, html, StandardCharsets.UTF_8);
        return chromium(List.of("--dump-dom", file.toUri().toString()));
    }

    private static String chromium(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(TestService.CHROMIUM_BINARY, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "profile-")));
        cmd.addAll(args);
        Path out = Files.createTempFile(tmp, "out-", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s: " + cmd);
        }
        assertEquals(0, p.exitValue(), "chromium " + cmd);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static String attr(String dom, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(dom);
        assertTrue(m.find(), name + " not in the DOM");
        return m.group(1);
    }

    private static List<String> rowOrder(String csv) {
        return Arrays.asList(csv.split(","));
    }

    @Test
    void itRendersEveryStackWithAColourPerCell() throws Exception {
        String dom = dumpDom(withProbe("""
                var rows = document.querySelectorAll('#fleet tbody tr');
                document.body.setAttribute('data-rows', rows.length);
                document.body.setAttribute('data-bad', getComputedStyle(document.querySelector('td.bad')).backgroundColor);
                document.body.setAttribute('data-ok', getComputedStyle(document.querySelector('td.ok')).backgroundColor);
                document.body.setAttribute('data-width', document.getElementById('fleet').getBoundingClientRect().width > 300);
                """));
        assertEquals(String.valueOf(report.stacks().size()), attr(dom, "data-rows"));
        assertEquals("rgb(248, 208, 208)", attr(dom, "data-bad"), "the style sheet is applied");
        assertEquals("rgb(223, 243, 223)", attr(dom, "data-ok"));
        assertEquals("true", attr(dom, "data-width"));
    }

    @Test
    void clickingAHeaderSortsByItAndClickingAgainReverses() throws Exception {
        // the Version column (index 2) sorts numerically part by part: 2.1.0 < 3.0.0 < 10.1.0 < 10.3.0 < 12.0.1 < 14.0.3.0
        String dom = dumpDom(withProbe("""
                function order() { return Array.prototype.map.call(document.querySelectorAll('#fleet tbody tr'),
                    function (r) { return r.getAttribute('data-stack'); }).join(','); }
                var th = document.querySelector('#fleet th[data-col="2"]');
                th.click();
                document.body.setAttribute('data-asc', order());
                document.body.setAttribute('data-asc-aria', th.getAttribute('aria-sort'));
                th.click();
                document.body.setAttribute('data-desc', order());
                document.body.setAttribute('data-desc-aria', th.getAttribute('aria-sort'));
                """));
        List<StackStatus> byVersion = new ArrayList<>(report.stacks());
        byVersion.sort(Comparator.comparing(s -> FleetHtml.versionKey(s.version()))); // stable: ties keep the page's order
        List<String> expected = byVersion.stream().map(StackStatus::name).toList();
        List<String> asc = rowOrder(attr(dom, "data-asc"));
        assertEquals(expected, asc);
        assertEquals("delta-odoo-integration", asc.get(0), "2.1.0 first, not 10.x (no text sort)");
        assertTrue(asc.indexOf("acme-odoo-integration") < asc.indexOf("beta-odoo-prod"), "10.3.0 before 12.0.1");
        assertEquals("ascending", attr(dom, "data-asc-aria"));
        List<String> desc = rowOrder(attr(dom, "data-desc"));
        assertEquals("gamma-odoo-test", desc.get(0), "14.0.4.0 first");
        assertEquals("descending", attr(dom, "data-desc-aria"));
        assertFalse(asc.equals(desc));
    }

    @Test
    void theDriftFlagsAreShownOnTheirStacks() throws Exception {
        String dom = dumpDom(withProbe("""
                var out = [];
                document.querySelectorAll('#fleet span.flag').forEach(function (f) {
                  var r = f.getBoundingClientRect();
                  out.push(f.closest('tr').getAttribute('data-stack') + ':' + f.getAttribute('data-flag') + ':' + (r.width > 0 && r.height > 0));
                });
                document.body.setAttribute('data-flags', out.join(','));
                """));
        assertArrayEquals(new String[] {"acme-odoo-prod:prod-behind:true", "beta-odoo-prod:prod-image-unvetted:true",
            "delta-odoo-prod:stuck-upgrade:true", "gamma-odoo-integration:integration-behind:true"},
                attr(dom, "data-flags").split(","));
    }

    @Test
    void thePageLoadsNothingFromOutsideAndEscapesWhatStacksHold() throws IOException {
        assertFalse(Pattern.compile("(src|href)\\s*=|@import|url\\(", Pattern.CASE_INSENSITIVE).matcher(page).find(),
                "no external asset");
        assertTrue(page.contains("default-src 'none'"));
        assertEquals("&lt;script&gt;x&lt;/script&gt; &amp; &quot;", FleetHtml.esc("<script>x</script> & \""));
    }

    @Test
    void aScreenshotIsAPng() throws Exception {
        Path file = Files.createTempFile(tmp, "fleet-", ".html");
        Files.writeString(file, page, StandardCharsets.UTF_8);
        Path png = tmp.resolve("fleet.png");
        chromium(List.of("--screenshot=" + png, "--window-size=1300,420", "--hide-scrollbars", file.toUri().toString()));
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head);
    }
}
