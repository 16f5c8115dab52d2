package org.odooplatform.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving server on 127.0.0.1: a real socket that accepts connections and answers with raw
 * bytes chosen by the test (hangs, drips, redirects, floods, or speaks another protocol), so the
 * clients are tested with their real network stack and no mock.
 */
public final class RawServer implements AutoCloseable {

    /** What the server does with one accepted connection. */
    @FunctionalInterface
    public interface Behaviour {
        void serve(Socket socket, InputStream in, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final List<Socket> open = new ArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    public RawServer(Behaviour behaviour) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    synchronized (open) {
                        open.add(socket);
                    }
                    Thread t = new Thread(() -> {
                        try (socket) {
                            behaviour.serve(socket, socket.getInputStream(), socket.getOutputStream());
                        } catch (IOException | InterruptedException e) {
                            // the client went away or the test ended
                        }
                    }, "raw-server-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "raw-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public int connections() {
        return connections.get();
    }

    /** Reads the request head (up to the blank line), so the client has finished sending. */
    public static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }

    public static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Accepts and never says anything. */
    public static Behaviour hang() {
        return (socket, in, out) -> Thread.sleep(120_000);
    }

    /** Answers 200 with the headers at once, then one body byte every {@code everyMillis}. */
    public static Behaviour drip(long everyMillis) {
        return (socket, in, out) -> {
            readHead(in);
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-API-Schemas: x\r\nContent-Length: 100000\r\n\r\n");
            for (int i = 0; i < 100_000; i++) {
                out.write(' ');
                out.flush();
                Thread.sleep(everyMillis);
            }
        };
    }

    /** Answers 200 with {@code megabytes} MB of JSON-ish bytes, announced or not by Content-Length. */
    public static Behaviour flood(int megabytes, boolean announced) {
        return (socket, in, out) -> {
            readHead(in);
            long size = megabytes * 1024L * 1024L;
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-API-Schemas: x\r\n"
                    + (announced ? "Content-Length: " + size + "\r\n" : "Connection: close\r\n") + "\r\n");
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            for (long sent = 0; sent < size; sent += chunk.length) {
                out.write(chunk);
            }
            out.flush();
        };
    }

    /** Answers {@code status} with a Location header. */
    public static Behaviour redirect(int status, String location) {
        return (socket, in, out) -> {
            readHead(in);
            write(out, "HTTP/1.1 " + status + " Moved\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n");
        };
    }

    /** Answers whatever is sent with these bytes, then closes. */
    public static Behaviour answer(String bytes) {
        return (socket, in, out) -> {
            in.read(new byte[512]);
            write(out, bytes);
        };
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (open) {
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
