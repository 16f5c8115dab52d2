package org.odooplatform.flow.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.odooplatform.common.OperationFailedException;

/**
 * Runs the engine's own CLI in a child JVM (same class path), so the sandbox shows the exact
 * commands a pipeline runs, with credentials passed the way a pipeline passes them: environment.
 */
public final class JavaProcessRunner implements CommandRunner {

    private final PrintStream console;
    private final Path workingDirectory;

    public JavaProcessRunner(PrintStream console, Path workingDirectory) {
        this.console = console;
        this.workingDirectory = workingDirectory;
    }

    @Override
    public Result run(List<String> args, Map<String, String> env) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1"); // short-lived CLI runs: start fast (as bin/odoo-platform)
        command.add("-XX:+UseSerialGC");
        String classPath = System.getProperty("java.class.path");
        Path archive = Paths.get(classPath.replaceFirst("\\.jar$", ".jsa"));
        if (classPath.endsWith("odoo-platform.jar") && Files.isRegularFile(archive)) {
            // the build's class-data sharing archive, dumped from this jar (ignored, silently, if it does not match)
            command.add("-XX:SharedArchiveFile=" + archive);
            command.add("-Xlog:cds=off");
            command.add("-Xlog:cds+dynamic=off");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.odooplatform.cli.Main");
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            Thread errPump = pump(process.getErrorStream(), console, null);
            StringBuilder stdout = new StringBuilder();
            Thread outPump = pump(process.getInputStream(), console, stdout);
            int code = process.waitFor();
            outPump.join();
            errPump.join();
            return new Result(code, stdout.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the odoo-platform CLI", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted while running odoo-platform " + args.get(0));
        }
    }

    private Thread pump(InputStream in, PrintStream console, StringBuilder capture) {
        Thread thread = new Thread(() -> {
            try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    console.println("  " + line);
                    if (capture != null) {
                        capture.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                console.println("  (output lost: " + e.getMessage() + ")");
            }
        }, "sandbox-output");
        thread.start();
        return thread;
    }
}
