package org.odooplatform.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads every process's {@code /proc/<pid>/cmdline} in a loop while a test runs, and records each
 * command line that contains one of the watched secrets, and the names of the programs it saw
 * (proof that it did sample the builder processes).
 */
final class CommandLineSampler implements AutoCloseable {

    private final List<String> secrets;
    private final Set<String> leaks = ConcurrentHashMap.newKeySet();
    private final Set<String> programs = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;

    CommandLineSampler(List<String> secrets) {
        this.secrets = new ArrayList<>(secrets);
        this.thread = new Thread(this::loop, "cmdline-sampler");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (running) {
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("[0-9]+"))) {
                for (Path proc : procs) {
                    try {
                        String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                        if (cmdline.isBlank()) {
                            continue;
                        }
                        programs.add(Path.of(cmdline.split(" ")[0]).getFileName().toString());
                        for (String secret : secrets) {
                            if (cmdline.contains(secret)) {
                                leaks.add(cmdline);
                            }
                        }
                    } catch (IOException | RuntimeException gone) {
                        // the process exited between listing and reading
                    }
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    Set<String> leaks() {
        return Set.copyOf(leaks);
    }

    Set<String> programs() {
        return Set.copyOf(programs);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
