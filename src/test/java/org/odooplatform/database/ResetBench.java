package org.odooplatform.database;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.odooplatform.config.Settings;
import org.odooplatform.project.Instance;

/**
 * Resets under clients reconnecting in a tight loop: db reset (FORCE and fallback paths) beside
 * the old two-statement procedure typed in psql. Run by bench/db-reset-bench.sh.
 */
public final class ResetBench {

    private static final String PASSWORD = "bench-db-password";

    private record Figures(String method, int runs, int ok, List<Double> seconds, String firstError) {
    }

    @FunctionalInterface
    private interface Reset {
        void run(String name) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long hold = args.length > 2 ? Long.parseLong(args[2]) : 0;
        PgServer pg = new PgServer();
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        List<Figures> all = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%d resets per method, %d clients reconnecting in a tight loop (%s), PostgreSQL at %s:%d%n",
                runs, clients, hold == 0 ? "connect, query, disconnect" : "each holds its session " + hold
                        + " ms, polling every 10 ms, reconnecting at once when terminated", pg.host, pg.port);
        all.add(measure(pg, "old: terminate; drop; create", runs, clients, hold, name -> {
            try (Connection c = pg.admin(); Statement st = c.createStatement()) {
                // what was typed on one psql line: psql sends the two statements one after the other
                st.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname='" + name + "'");
                st.execute("drop database " + name);
                st.execute("create database " + name + " owner " + name);
            }
        }));
        all.add(measure(pg, "db reset, WITH (FORCE)", runs, clients, hold,
                name -> DatabaseReset.run(request(pg, name, true), ResetClients.of(quiet))));
        all.add(measure(pg, "db reset, fallback path", runs, clients, hold,
                name -> DatabaseReset.run(request(pg, name, false), ResetClients.of(quiet))));
        double baseline = median(all.get(0).seconds());
        System.out.printf(Locale.ROOT, "%-30s %9s %9s %9s %9s%n", "method", "success", "median", "p95", "vs old");
        for (Figures f : all) {
            System.out.printf(Locale.ROOT, "%-30s %4d/%-4d %8.3fs %8.3fs %8.2fx%n", f.method(), f.ok(), f.runs(),
                    median(f.seconds()), percentile(f.seconds(), 0.95), median(f.seconds()) / baseline);
        }
        for (Figures f : all) {
            if (f.firstError() != null) {
                System.out.println("first failure of '" + f.method() + "': " + f.firstError());
            }
        }
        System.out.println("times are per attempt, failed ones included (a failed old-style drop waits 5 s for sessions to go)");
    }

    private static ResetRequest request(PgServer pg, String name, boolean force) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("DB_NAME", name);
        values.put("DB_USER", name);
        values.put("DB_PASSWORD", PASSWORD);
        return ResetRequest.from(Instance.INTEGRATION, PgServer.CLIENT, Settings.of(values, true), Path.of("bench.env"),
                ResetOptions.builder().yes(true).forceDrop(force).build(), pg.env());
    }

    private static Figures measure(PgServer pg, String method, int runs, int clients, long hold, Reset reset) throws Exception {
        String name = PgServer.uniqueName();
        List<Double> seconds = new ArrayList<>();
        int ok = 0;
        String firstError = null;
        try {
            pg.sql("CREATE ROLE " + name + " LOGIN PASSWORD '" + PASSWORD + "'");
            pg.sql("CREATE DATABASE " + name + " OWNER " + name);
            try (PgServer.Reconnector metrics = pg.new Reconnector(name, PASSWORD, clients, hold)) {
                Thread.sleep(300);
                for (int i = 0; i < runs; i++) {
                    long t = System.nanoTime();
                    try {
                        reset.run(name);
                        ok++;
                    } catch (Exception e) {
                        if (firstError == null) {
                            firstError = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
                        }
                        ensureExists(pg, name);
                    }
                    seconds.add((System.nanoTime() - t) / 1e9);
                }
            }
        } finally {
            pg.dropAll(name);
        }
        return new Figures(method, runs, ok, seconds, firstError);
    }

    /** After a failed old-style cycle the database may be gone: recreate it so the next run has one. */
    private static void ensureExists(PgServer pg, String name) throws SQLException {
        if (pg.databaseRow(name) == null) {
            pg.sql("CREATE DATABASE " + name + " OWNER " + name);
        }
    }

    private static double median(List<Double> values) {
        return percentile(values, 0.5);
    }

    private static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
