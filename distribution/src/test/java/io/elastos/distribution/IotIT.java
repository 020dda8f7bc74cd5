// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole IoT chain on a real node: a real Mosquitto broker on 127.0.0.1, the third-party MQTT
 * bridge bundle (examples/mqtt-bridge) signed and deployed hot, the thermostat mini-app granted
 * {@code iot.mqtt:home.thermostat}, and a simulated device (Mosquitto's own clients): the device's
 * readings reach the app, the app's set-points reach the device, an app granted another subtree
 * cannot publish here, and an app without the grant cannot use MQTT at all.
 */
class IotIT {
    static final String APP = "/apps/org.elastos.thermostat/api";

    @TempDir Path tmp;

    static String run(Path dir, String... cmd) throws Exception {
        Process p =
                new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), String.join(" ", cmd) + " hung");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
        return out;
    }

    static String mosquitto() {
        for (String p : new String[] {"/usr/sbin/mosquitto", "/usr/bin/mosquitto"}) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        throw new AssertionError(
                "Mosquitto is not installed: apt-get install -y mosquitto mosquitto-clients");
    }

    static void waitForPort(int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the broker did not listen on " + port);
    }

    /** Builds mini-apps/thermostat as ID with CAPABILITY, signs and installs it (with ARGS). */
    String installThermostat(
            MiniAppNode node, Path key, String id, String capability, String... args)
            throws Exception {
        Path dir = tmp.resolve(id);
        Files.createDirectories(dir);
        Path app = MiniAppNode.buildSample("thermostat", dir, node);
        Path manifest = app.resolve("manifest.json");
        Files.writeString(
                manifest,
                Files.readString(manifest)
                        .replace("org.elastos.thermostat", id)
                        .replace("iot.mqtt:home.thermostat", capability));
        node.app("build", app.toString());
        Path pkg = dir.resolve("app.wapp");
        node.app(
                "pack",
                app.resolve("build").toString(),
                "--key",
                key.toString(),
                "--out",
                pkg.toString());
        String[] cmd = new String[args.length + 2];
        cmd[0] = "install";
        cmd[1] = pkg.toString();
        System.arraycopy(args, 0, cmd, 2, args.length);
        return node.app(cmd);
    }

    @Test
    void deviceReadingsReachTheAppAndItsCommandsReachTheDevice() throws Exception {
        int port = MiniAppNode.freePort();
        Path mq = Files.createDirectories(tmp.resolve("mosquitto"));
        Files.writeString(
                mq.resolve("mosquitto.conf"),
                "listener "
                        + port
                        + " 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location "
                        + mq
                        + "/\n");
        Process broker =
                new ProcessBuilder(mosquitto(), "-c", mq.resolve("mosquitto.conf").toString())
                        .redirectErrorStream(true)
                        .redirectOutput(mq.resolve("broker.log").toFile())
                        .start();
        Process sub = null;
        try (MiniAppNode node = new MiniAppNode(tmp.resolve("node"))) {
            waitForPort(port);
            // The node with its own conf folder: the bridge's configuration names this broker.
            Path conf = Files.createDirectories(tmp.resolve("conf"));
            try (Stream<Path> files = Files.list(MiniAppNode.HOME.resolve("conf"))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, conf.resolve(f.getFileName()));
                }
            }
            Files.writeString(
                    conf.resolve("io.elastos.iot.mqtt.cfg"),
                    "broker = tcp://127.0.0.1:" + port + "\nreconnect_max_seconds = 2\n");
            node.start("--conf", conf.toString());

            // The bridge, signed by its developer, trusted by the owner, deployed hot.
            Path jar;
            try (Stream<Path> t = Files.list(Path.of("..", "examples", "mqtt-bridge", "target"))) {
                jar =
                        t.filter(p ->
                                        p.getFileName()
                                                .toString()
                                                .matches(
                                                        "io\\.elastos\\.example\\.mqtt-[0-9].*[0-9T]\\.jar"))
                                .findFirst()
                                .orElseThrow(() ->
                                        new AssertionError("build examples/mqtt-bridge first"));
            }
            run(
                    tmp,
                    "keytool",
                    "-genkeypair",
                    "-keystore",
                    "iot.p12",
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    "iotsecret",
                    "-alias",
                    "iot",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=IoT Bridge Developer",
                    "-validity",
                    "2");
            run(
                    tmp,
                    "keytool",
                    "-exportcert",
                    "-rfc",
                    "-keystore",
                    "iot.p12",
                    "-storepass",
                    "iotsecret",
                    "-alias",
                    "iot",
                    "-file",
                    "iot.pem");
            Path signed = tmp.resolve("bridge.jar");
            run(
                    tmp,
                    Path.of(System.getProperty("java.home"), "bin", "jarsigner").toString(),
                    "-keystore",
                    "iot.p12",
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    "iotsecret",
                    "-signedjar",
                    signed.toString(),
                    jar.toAbsolutePath().toString(),
                    "iot");
            String elastos = MiniAppNode.SCRIPT.toString();
            run(tmp, elastos, "bundle", "trust", "iot.pem", "--data", node.data.toString());
            String deployed =
                    run(
                            tmp,
                            elastos,
                            "bundle",
                            "deploy",
                            signed.toString(),
                            "--node",
                            node.url(),
                            "--data",
                            node.data.toString());
            assertTrue(deployed.contains("deployed io.elastos.example.mqtt"), deployed);
            String caps = "";
            for (int i = 0; i < 50 && !caps.contains("iot.mqtt"); i++) {
                Thread.sleep(200);
                caps = node.admin("GET", "/api/node/capabilities", null).body();
            }
            assertTrue(caps.contains("\"capability\":\"iot.mqtt\""), caps);

            Path key = tmp.resolve("publisher.key");
            node.app("trust", node.app("keygen", "--out", key.toString()).strip());
            assertTrue(
                    installThermostat(
                                    node, key, "org.elastos.thermostat", "iot.mqtt:home.thermostat")
                            .contains("installed org.elastos.thermostat"));
            MiniAppNode.Browser owner = node.owner("alice", "a long enough secret");
            String details =
                    owner.send("GET", "/api/apps/org.elastos.thermostat", null, null).body();
            assertTrue(details.contains("\"missingProviders\":[]"), details);
            HttpResponse<String> start = owner.json("POST", APP + "/start", "{}");
            assertTrue(start.statusCode() / 100 == 2, start.body());

            // Device → broker → bridge → app.
            String readings = "";
            for (int i = 0; i < 50 && !readings.contains("21.5"); i++) {
                run(
                        tmp,
                        "mosquitto_pub",
                        "-h",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-q",
                        "1",
                        "-t",
                        "home/thermostat/living/reading",
                        "-m",
                        "{\"temperature\":21.5,\"humidity\":40}");
                Thread.sleep(200);
                readings = owner.send("GET", APP + "/readings", null, null).body();
            }
            assertTrue(readings.contains("\"living\"") && readings.contains("21.5"), readings);

            // App → bridge → broker → device.
            Path got = tmp.resolve("device.out");
            sub =
                    new ProcessBuilder(
                                    "mosquitto_sub",
                                    "-h",
                                    "127.0.0.1",
                                    "-p",
                                    Integer.toString(port),
                                    "-q",
                                    "1",
                                    "-t",
                                    "home/thermostat/+/set",
                                    "-C",
                                    "1",
                                    "-v")
                            .redirectErrorStream(true)
                            .redirectOutput(got.toFile())
                            .start();
            Thread.sleep(500); // the subscription is in place before the command goes
            HttpResponse<String> set =
                    owner.json("POST", APP + "/setpoint", "{\"device\":\"living\",\"celsius\":22}");
            assertEquals(202, set.statusCode(), set.body());
            assertTrue(sub.waitFor(20, TimeUnit.SECONDS), "the device got no command");
            String command = Files.readString(got);
            assertTrue(
                    command.startsWith("home/thermostat/living/set") && command.contains("22"),
                    command);

            // An app granted another subtree cannot publish to this one; one without the grant
            // cannot use MQTT at all.
            installThermostat(node, key, "org.example.door", "iot.mqtt:home.door");
            HttpResponse<String> foreign =
                    owner.json(
                            "POST",
                            "/apps/org.example.door/api/setpoint",
                            "{\"device\":\"living\",\"celsius\":22}");
            assertTrue(foreign.statusCode() >= 400, foreign.statusCode() + " " + foreign.body());
            installThermostat(
                    node,
                    key,
                    "org.example.nomqtt",
                    "iot.mqtt:home.thermostat",
                    "--grant",
                    "storage.kv");
            HttpResponse<String> denied =
                    owner.json("POST", "/apps/org.example.nomqtt/api/start", "{}");
            assertTrue(denied.statusCode() >= 400, denied.statusCode() + " " + denied.body());
            assertTrue(denied.body().contains("iot.mqtt"), denied.body());
        } finally {
            if (sub != null) {
                sub.destroyForcibly();
            }
            broker.destroy();
            if (!broker.waitFor(10, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        }
    }
}
