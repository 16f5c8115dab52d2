package org.odooplatform.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.ExitCode;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.flow.Clients;
import org.odooplatform.flow.ReadOnlyCalls;
import org.odooplatform.flow.fleet.FleetHtml;
import org.odooplatform.flow.fleet.FleetJson;
import org.odooplatform.flow.fleet.FleetReport;
import org.odooplatform.flow.fleet.FleetStatus;
import org.odooplatform.flow.fleet.FleetText;

/** {@code status --all [--json] [--html FILE]}: kept out of StatusCommand, which prints one stack. */
final class FleetStatusPrinter {

    private FleetStatusPrinter() {
    }

    static int print(StatusCommand c) {
        // validated before the first request: nothing is read or written on bad input
        if (!c.all) {
            throw new BadInputException("--json and --html go with --all (for one stack: --format json)");
        }
        if (c.selection.instance() != null || c.selection.stack != null) {
            throw new BadInputException("--all lists every stack: give it without --instance/--stack");
        }
        Path html = c.html == null ? null : c.html.toAbsolutePath();
        if (html != null && (html.getParent() == null || !Files.isDirectory(html.getParent()))) {
            throw new BadInputException("--html " + c.html + ": its directory does not exist");
        }
        String url = c.rancher.endpoint().baseUrl().toString();
        Clients clients = c.rancher.clients(Console.out(c.spec));
        FleetReport report = ReadOnlyCalls.run(() -> FleetStatus.read(clients.rancher().get(), url, clients.clock()));
        if (c.json) {
            clients.out().println(FleetJson.render(report));
        } else {
            FleetText.render(report).forEach(clients.out()::println);
        }
        if (html != null) {
            write(html, FleetHtml.render(report));
            if (!c.json) {
                clients.out().println("HTML page written to " + html);
            }
        }
        clients.out().flush();
        return ExitCode.OK;
    }

    /** Through a temporary file in the same directory: a published page is never half written. */
    private static void write(Path file, String content) {
        try {
            Path tmp = Files.createTempFile(file.getParent(), ".fleet-", ".html");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new OperationFailedException("could not write " + file + ": " + e.getMessage());
        }
    }
}
