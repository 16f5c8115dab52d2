// Benchmark of the Rancher simulator (run by bench/rancher-simulator.sh; prints figures, asserts nothing).
// Baseline: a bare JDK HttpServer returning a fixed JSON body, measured in the same run with the same client.
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.odooplatform.simulator.RancherSimulator;

public class RancherSimulatorBench {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static String post(String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static double perRequestMicros(String url, int n) throws Exception {
        for (int i = 0; i < n / 5; i++) {
            get(url);
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            get(url);
        }
        return (System.nanoTime() - start) / 1000.0 / n;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        // same TCP setting for the baseline as the simulator sets for itself (see RancherSimulator)
        System.setProperty("sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay", "true"));
        byte[] fixed = "{\"id\":\"1s6\",\"type\":\"service\",\"state\":\"active\"}".getBytes(StandardCharsets.UTF_8);
        HttpServer baseline = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        baseline.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, fixed.length);
            ex.getResponseBody().write(fixed);
            ex.close();
        });
        baseline.start();
        try (RancherSimulator sim = RancherSimulator.builder().accessKey("ak").secretKey("sk")
                .transitionDelay(Duration.ofMillis(20)).healthCheckDelay(Duration.ofMillis(50)).build().start()) {
            for (int s = 0; s < 10; s++) {
                for (String svc : new String[] {"odoo", "db", "nginx"}) {
                    sim.seedService("client" + s + "-odoo-test", svc, "registry/" + svc + ":1", Map.of("healthCheck", Map.of("port", 80)));
                }
            }
            String serviceUrl = sim.service("client3-odoo-test", "odoo").orElseThrow().at("/links/self").asText();
            String listUrl = sim.projectUrl() + "/services?stackId=" + sim.stack("client3-odoo-test").orElseThrow().get("id").asText()
                    + "&name=odoo&removed_null=1";
            // the simulator checks auth: give the client the keys through the URL-less authenticator-free way: a header
            String auth = "Basic " + java.util.Base64.getEncoder().encodeToString("ak:sk".getBytes(StandardCharsets.UTF_8));
            double base = perRequestMicros("http://127.0.0.1:" + baseline.getAddress().getPort() + "/", n);
            double one = timed(serviceUrl, auth, n);
            double list = timed(listUrl, auth, n);
            System.out.printf("requests per measure           %d%n", n);
            System.out.printf("baseline JDK HttpServer GET    %8.0f us/request%n", base);
            System.out.printf("simulator GET service          %8.0f us/request  (x%.1f baseline)%n", one, one / base);
            System.out.printf("simulator GET filtered list    %8.0f us/request  (x%.1f baseline, 30 services)%n", list, list / base);

            // convergence: create + startOnCreate + upgrade + finish, polled every 10 ms
            String stackId = sim.seedStack("bench").get("id").asText();
            long t0 = System.nanoTime();
            String created = postAuth(sim.projectUrl() + "/services", auth, "{\"name\":\"odoo\",\"stackId\":\"" + stackId
                    + "\",\"startOnCreate\":true,\"launchConfig\":{\"imageUuid\":\"docker:odoo:1\",\"healthCheck\":{\"port\":8069}}}");
            String self = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created).at("/links/self").asText();
            int polls = waitFor(self, auth, "\"state\":\"active\"", "\"healthState\":\"healthy\"");
            postAuth(self + "/?action=upgrade", auth, "{\"inServiceStrategy\":{\"launchConfig\":{\"imageUuid\":\"docker:odoo:2\",\"healthCheck\":{\"port\":8069}}}}");
            polls += waitFor(self, auth, "\"state\":\"upgraded\"", "\"healthState\":\"healthy\"");
            postAuth(self + "/?action=finishupgrade", auth, "");
            polls += waitFor(self, auth, "\"state\":\"active\"", "\"transitioning\":\"no\"");
            double wall = (System.nanoTime() - t0) / 1e6;
            // create: registering 20, container started, health 50, stored health 20 later;
            // upgrade (stop-first): mark+stop 20, start 20, health 50, stored health 20; finishing 20
            double configured = (20 + 50 + 20) + (20 + 20 + 50 + 20) + 20;
            System.out.printf("create+upgrade+finish wall     %8.0f ms  (configured convergence %.0f ms, overhead %.0f ms, %d polls)%n",
                    wall, configured, wall - configured, polls);
        } finally {
            baseline.stop(0);
        }
    }

    static double timed(String url, String auth, int n) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).build();
        for (int i = 0; i < n / 5; i++) {
            HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        }
        return (System.nanoTime() - start) / 1000.0 / n;
    }

    static String postAuth(String url, String auth, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static int waitFor(String url, String auth, String... needles) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).build();
        for (int polls = 1;; polls++) {
            String body = HTTP.send(req, HttpResponse.BodyHandlers.ofString()).body();
            boolean all = true;
            for (String needle : needles) {
                all &= body.contains(needle);
            }
            if (all) {
                return polls;
            }
            Thread.sleep(10);
        }
    }
}
