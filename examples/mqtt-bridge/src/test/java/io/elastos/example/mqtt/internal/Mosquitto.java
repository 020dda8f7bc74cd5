// SPDX-License-Identifier: Apache-2.0
package io.elastos.example.mqtt.internal;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker for the tests, started from a generated configuration in a folder of its
 * own: loopback only, anonymous, persistent, so a restart keeps sessions and queued messages.
 */
final class Mosquitto implements AutoCloseable {

    final Path dir;
    final int port;
    private final Path binary;
    private final Path config;
    private Process process;

    Mosquitto(Path dir) throws IOException {
        this.dir = dir;
        this.binary = locate();
        this.port = freePort();
        this.config = dir.resolve("mosquitto.conf");
        List<String> lines = new ArrayList<>();
        lines.add("listener " + port + " 127.0.0.1");
        lines.add("allow_anonymous true");
        lines.add("persistence true");
        lines.add("persistence_location " + dir + "/");
        // Started as root, mosquitto would switch to the user "mosquitto", who cannot write
        // the persistence folder; as anyone else, this line has no effect.
        lines.add("user " + System.getProperty("user.name"));
        lines.add("log_dest file " + dir.resolve("mosquitto.log"));
        lines.add("log_type all");
        Files.write(config, lines);
    }

    /** The broker URL. */
    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Starts the broker and waits until it accepts connections. */
    void start() throws IOException, InterruptedException {
        process =
                new ProcessBuilder(binary.toString(), "-c", config.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("mosquitto.out").toFile())
                        .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "mosquitto exited with " + process.exitValue() + ": " + output());
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port + ": " + output());
    }

    /** Stops the broker (SIGTERM: it saves its database) and waits for it to exit. */
    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        process = null;
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    String output() {
        try {
            Path log = dir.resolve("mosquitto.log");
            String out =
                    Files.exists(dir.resolve("mosquitto.out"))
                            ? Files.readString(dir.resolve("mosquitto.out"))
                            : "";
            return out + (Files.exists(log) ? Files.readString(log) : "");
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Finds the mosquitto binary in /usr/sbin, /usr/local/sbin or on the PATH; fails if absent. */
    static Path locate() {
        List<String> dirs = new ArrayList<>(List.of("/usr/sbin", "/usr/local/sbin", "/sbin"));
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, "mosquitto");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException(
                "these tests need the Mosquitto MQTT broker, and no executable mosquitto was found"
                        + " in /usr/sbin, /usr/local/sbin, /sbin or on the PATH; install it"
                        + " (Debian/Ubuntu: apt-get install mosquitto)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
