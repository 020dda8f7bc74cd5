// SPDX-License-Identifier: Apache-2.0
package io.elastos.example.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.HostCall;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge against a real Mosquitto broker started by the test, with a second Paho client as the
 * device and in-memory stand-ins for the node's scope store and app calls.
 */
class MqttBridgeTest {

    static final String THERMOSTAT = "org.elastos.thermostat";
    static final List<String> THERMOSTAT_GRANT = List.of("home.thermostat");

    @TempDir static Path brokerDir;
    static Mosquitto broker;

    @TempDir Path dataDir;
    FakeScopes scopes;
    FakeApps apps;
    final List<MqttBridge> bridges = new ArrayList<>();
    final List<Device> devices = new ArrayList<>();
    String testId;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new Mosquitto(brokerDir);
        broker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }

    @BeforeEach
    void setUp(TestInfo info) throws Exception {
        scopes = new FakeScopes();
        apps = new FakeApps();
        testId = info.getTestMethod().orElseThrow().getName() + "-" + UUID.randomUUID();
        if (!broker.running()) {
            broker.start();
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            bridges.forEach(MqttBridge::stop);
            devices.forEach(Device::close);
        } finally {
            if (!broker.running()) {
                broker.start();
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    Settings settings() {
        return Settings.defaults(broker.url()).withReconnect(1000, 4000);
    }

    MqttBridge bridge(Settings s) throws Exception {
        MqttBridge b = new MqttBridge(scopes, apps);
        b.start(s, dataDir.resolve("paho"));
        bridges.add(b);
        await(Duration.ofSeconds(10), b::connected, () -> "the bridge did not connect");
        return b;
    }

    Device device(String name) throws Exception {
        Device d = new Device(broker.url(), (name + "-" + testId).substring(0, 23));
        devices.add(d);
        return d.connect();
    }

    static Map<String, Object> call(
            MqttBridge b, String function, String app, List<String> grant, String input)
            throws Exception {
        byte[] out =
                b.call(
                        function,
                        new HostCall(app, new CallContext("did:key:zOwner", "owner"), grant),
                        input.getBytes(StandardCharsets.UTF_8));
        return Json.parseObject(new String(out, StandardCharsets.UTF_8));
    }

    static Map<String, Object> thermostat(MqttBridge b, String function, String input)
            throws Exception {
        return call(b, function, THERMOSTAT, THERMOSTAT_GRANT, input);
    }

    static String json(Object v) {
        return Json.write(v);
    }

    static void await(Duration limit, BooleanSupplier condition, Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        if (!condition.getAsBoolean()) {
            fail(what.get() + " within " + limit.toMillis() + " ms");
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    void publishReachesTheDevice() throws Exception {
        MqttBridge b = bridge(settings());
        Device living = device("living").subscribe("home/thermostat/living/set");

        assertEquals(
                Map.of("ok", true),
                thermostat(
                        b,
                        "publish",
                        json(
                                Map.of(
                                        "topic",
                                        "home/thermostat/living/set",
                                        "payload",
                                        "{\"celsius\":21.5}"))));
        byte[] binary = {0, (byte) 0xff, 1, (byte) 0xfe};
        thermostat(
                b,
                "publish",
                json(
                        Map.of(
                                "topic",
                                "home/thermostat/living/set",
                                "payloadBase64",
                                Base64.getEncoder().encodeToString(binary))));
        await(
                Duration.ofSeconds(5),
                () -> living.received.size() == 2,
                () -> "the device got " + living.received);
        assertEquals("{\"celsius\":21.5}", living.received.get(0).text());
        assertTrue(java.util.Arrays.equals(binary, living.received.get(1).payload()));

        // Retained: a device that subscribes later still gets the last value.
        thermostat(
                b,
                "publish",
                json(
                        Map.of(
                                "topic",
                                "home/thermostat/hall/set",
                                "payload",
                                "{\"celsius\":19}",
                                "retain",
                                true)));
        Device hall = device("hall");
        Thread.sleep(200);
        hall.subscribe("home/thermostat/hall/set");
        await(Duration.ofSeconds(5), () -> hall.received.size() == 1, () -> "no retained value");
        assertTrue(hall.received.get(0).retained());
        thermostat(
                b,
                "publish",
                json(Map.of("topic", "home/thermostat/hall/set", "payload", "", "retain", true)));
    }

    @Test
    void readingsReachTheSubscribedAppOnTheBridgesThread() throws Exception {
        MqttBridge b = bridge(settings());
        assertEquals(
                Map.of("ok", true),
                thermostat(b, "subscribe", json(Map.of("filter", "home/thermostat/+/reading"))));
        // Idempotent.
        thermostat(b, "subscribe", json(Map.of("filter", "home/thermostat/+/reading")));
        // Another app with its own subtree does not see the thermostat's messages.
        call(
                b,
                "subscribe",
                "org.example.door",
                List.of("home.door"),
                "{\"filter\":\"home/door/#\"}");

        Device kitchen = device("kitchen");
        kitchen.publish(
                "home/thermostat/kitchen/reading", "{\"temperature\":21.5,\"humidity\":40}");
        kitchen.publish("home/thermostat/kitchen/status", "ignored: no subscription matches");
        byte[] binary = {(byte) 0xc3, (byte) 0x28};
        kitchen.publish("home/thermostat/cellar/reading", binary);

        await(
                Duration.ofSeconds(5),
                () -> apps.of(THERMOSTAT).size() == 2,
                () -> "the app got " + apps.calls);
        FakeApps.Call first = apps.of(THERMOSTAT).get(0);
        assertEquals(MqttBridge.EXPORT, first.function());
        assertEquals(new CallContext(null, "system"), first.context());
        assertTrue(
                first.thread().startsWith("iot-mqtt-delivery-"),
                "delivered on " + first.thread() + ", not on a bridge thread");
        Map<String, Object> m = first.json();
        assertEquals("home/thermostat/kitchen/reading", m.get("topic"));
        assertEquals("{\"temperature\":21.5,\"humidity\":40}", m.get("payload"));
        assertEquals(1L, m.get("qos"));
        assertEquals(false, m.get("retained"));
        assertTrue(Math.abs((Long) m.get("receivedAt") - System.currentTimeMillis()) < 10_000);
        assertFalse(m.containsKey("payloadBase64"));

        // Bytes that are not UTF-8 come as base64.
        Map<String, Object> bin = apps.of(THERMOSTAT).get(1).json();
        assertNull(bin.get("payload"));
        assertTrue(
                java.util.Arrays.equals(
                        binary, Base64.getDecoder().decode((String) bin.get("payloadBase64"))));
        assertEquals(List.of(), apps.of("org.example.door"));

        // The devices heard from in the app's subtree.
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> seen =
                (List<Map<String, Object>>) thermostat(b, "devices", "{}").get("devices");
        assertEquals(
                Set.of("kitchen", "cellar"),
                Set.copyOf(seen.stream().map(d -> d.get("device")).toList()));
        assertEquals("home/thermostat", seen.get(0).get("subtree"));
        assertEquals(
                List.of(),
                call(b, "devices", "org.example.door", List.of("home.door"), "{}").get("devices"));
        assertEquals(
                Map.of("ok", true, "removed", true),
                thermostat(b, "forget_device", "{\"device\":\"cellar\"}"));

        Map<String, Object> status = thermostat(b, "status", "{}");
        assertEquals(true, status.get("connected"));
        assertEquals(broker.url(), status.get("broker"));
        assertEquals(0L, status.get("buffered"));
        assertEquals(List.of("home/thermostat/+/reading"), status.get("subscriptions"));
        assertEquals(List.of("home/thermostat/#"), status.get("allowed"));

        // Unsubscribed: no more deliveries.
        assertEquals(
                Map.of("ok", true, "removed", true),
                thermostat(b, "unsubscribe", "{\"filter\":\"home/thermostat/+/reading\"}"));
        kitchen.publish("home/thermostat/kitchen/reading", "{\"temperature\":22}");
        Thread.sleep(500);
        assertEquals(2, apps.of(THERMOSTAT).size());
        assertEquals(List.of(), thermostat(b, "status", "{}").get("subscriptions"));
    }

    @Test
    void aFailingAppIsCountedAndTheOthersKeepTheirMessages() throws Exception {
        MqttBridge b = bridge(settings());
        String broken = "org.example.broken";
        apps.failing.add(broken);
        call(b, "subscribe", broken, THERMOSTAT_GRANT, "{\"filter\":\"home/thermostat/#\"}");
        thermostat(b, "subscribe", "{\"filter\":\"home/thermostat/+/reading\"}");
        Device d = device("sensor");
        for (int i = 0; i < 3; i++) {
            d.publish("home/thermostat/sensor/reading", "{\"temperature\":" + (20 + i) + "}");
        }
        await(Duration.ofSeconds(5), () -> apps.of(THERMOSTAT).size() == 3, () -> "" + apps.calls);
        await(Duration.ofSeconds(5), () -> apps.of(broken).size() == 3, () -> "" + apps.calls);
        assertEquals(3L, call(b, "status", broken, THERMOSTAT_GRANT, "{}").get("deliveryFailures"));
        assertEquals(0L, thermostat(b, "status", "{}").get("deliveryFailures"));
        assertTrue(b.connected(), "a failing app does not cost the broker connection");
    }

    @Test
    void theGrantLimitsTopics() throws Exception {
        MqttBridge b = bridge(settings());
        String[] refusedPublish = {
            "home/door/front/set", // another subtree
            "home/thermostatx/a", // not a level boundary
            "home", // above the subtree
            "home/thermostat/+/set", // wildcards are for filters
            "home/thermostat/#",
            "home/thermostat//set", // empty level
            "home/thermostat/a/",
            "/home/thermostat/a",
            "$SYS/broker/clients",
            "home/thermostat/" + "x".repeat(250), // over 256 characters
            "home/thermostat/a\u0000b",
        };
        for (String t : refusedPublish) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> thermostat(b, "publish", json(Map.of("topic", t, "payload", "x"))),
                    t);
        }
        String[] refusedFilters = {
            "home/door/#",
            "home/+/reading",
            "#",
            "+/thermostat/a",
            "home/#",
            "home/thermostat/a#",
            "home/thermostat/#/a",
            "home/thermostat/+x",
        };
        for (String f : refusedFilters) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> thermostat(b, "subscribe", json(Map.of("filter", f))),
                    f);
        }
        thermostat(b, "subscribe", "{\"filter\":\"home/thermostat/#\"}");
        thermostat(b, "subscribe", "{\"filter\":\"home/thermostat\"}");
        thermostat(b, "publish", "{\"topic\":\"home/thermostat\",\"payload\":\"x\"}");

        // Payload limits and malformed input.
        String big = "x".repeat(MqttBridge.MAX_PAYLOAD + 1);
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        thermostat(
                                b,
                                "publish",
                                json(Map.of("topic", "home/thermostat/a", "payload", big))));
        thermostat(
                b,
                "publish",
                json(Map.of("topic", "home/thermostat/a", "payload", big.substring(1))));
        for (String bad :
                new String[] {
                    "{",
                    "[]",
                    "{\"topic\":\"home/thermostat/a\"}",
                    "{\"topic\":\"home/thermostat/a\",\"payload\":1}",
                    "{\"topic\":\"home/thermostat/a\",\"payloadBase64\":\"***\"}",
                    "{\"topic\":\"home/thermostat/a\",\"payload\":\"a\",\"payloadBase64\":\"YQ==\"}",
                    "{\"topic\":\"home/thermostat/a\",\"payload\":\"a\",\"retain\":\"yes\"}",
                }) {
            assertThrows(IllegalArgumentException.class, () -> thermostat(b, "publish", bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> thermostat(b, "nope", "{}"));

        // A device on another subtree is not reachable, and the refusal names what is allowed.
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                thermostat(
                                        b,
                                        "publish",
                                        "{\"topic\":\"home/door/front/open\",\"payload\":\"1\"}"));
        assertTrue(e.getMessage().contains("home/thermostat/#"), e.getMessage());
    }

    @Test
    void aBareGrantOrAWildcardArgumentAllowsNothing() throws Exception {
        MqttBridge b = bridge(settings());
        for (List<String> grant : List.of(List.<String>of(), List.of("*"), List.of("home.*"))) {
            assertThrows(
                    IllegalArgumentException.class,
                    () ->
                            call(
                                    b,
                                    "publish",
                                    "org.example.bare",
                                    grant,
                                    "{\"topic\":\"home/thermostat/a/set\",\"payload\":\"1\"}"),
                    grant.toString());
            assertThrows(
                    IllegalArgumentException.class,
                    () ->
                            call(
                                    b,
                                    "subscribe",
                                    "org.example.bare",
                                    grant,
                                    "{\"filter\":\"home/#\"}"),
                    grant.toString());
            Map<String, Object> status = call(b, "status", "org.example.bare", grant, "{}");
            assertEquals(List.of(), status.get("allowed"));
            assertEquals(List.of(), status.get("subscriptions"));
            assertEquals(grant.isEmpty() ? null : grant, status.get("refusedArguments"));
        }
    }

    @Test
    void deliveryRechecksTheGrantTheAppLastShowed() throws Exception {
        MqttBridge b = bridge(settings());
        thermostat(b, "subscribe", "{\"filter\":\"home/thermostat/+/reading\"}");
        Device d = device("den");
        d.publish("home/thermostat/den/reading", "{\"temperature\":20}");
        await(Duration.ofSeconds(5), () -> apps.of(THERMOSTAT).size() == 1, () -> "" + apps.calls);

        // The owner narrowed the grant: the next call shows it, and deliveries stop.
        call(b, "status", THERMOSTAT, List.of("home.other"), "{}");
        d.publish("home/thermostat/den/reading", "{\"temperature\":21}");
        Thread.sleep(500);
        assertEquals(1, apps.of(THERMOSTAT).size());

        // Granted again: they resume.
        thermostat(b, "status", "{}");
        d.publish("home/thermostat/den/reading", "{\"temperature\":22}");
        await(Duration.ofSeconds(5), () -> apps.of(THERMOSTAT).size() == 2, () -> "" + apps.calls);
    }

    /**
     * The broker goes away: the app's 20 publishes wait in the bridge's buffer and the device's
     * readings in the device's; the broker comes back with its persistent state and both sides get
     * everything, after the bridge reconnected with back-off.
     */
    @Test
    void nothingIsLostWhileTheBrokerIsDown() throws Exception {
        MqttBridge b = bridge(settings());
        thermostat(b, "subscribe", "{\"filter\":\"home/thermostat/+/reading\"}");
        Device d = device("attic").subscribe("home/thermostat/attic/set");

        broker.stop();
        await(Duration.ofSeconds(5), () -> !b.connected(), () -> "the bridge did not notice");
        for (int i = 0; i < 20; i++) {
            assertEquals(
                    Map.of("ok", true),
                    thermostat(
                            b,
                            "publish",
                            json(
                                    Map.of(
                                            "topic",
                                            "home/thermostat/attic/set",
                                            "payload",
                                            "n=" + i))));
        }
        for (int i = 0; i < 5; i++) {
            d.publish("home/thermostat/attic/reading", "{\"temperature\":" + (10 + i) + "}");
        }
        Map<String, Object> down = thermostat(b, "status", "{}");
        assertEquals(false, down.get("connected"));
        assertEquals(20L, down.get("buffered"));
        Thread.sleep(5000); // attempts after 1, 2 and 4 s fail

        broker.start();
        long restarted = System.currentTimeMillis();
        d.connect(); // the device's buffered readings go to the broker, queued for the bridge
        await(Duration.ofSeconds(15), b::connected, () -> "the bridge did not reconnect");
        long reconnectMillis = b.connectedAt() - restarted;
        System.out.println(
                "[MqttBridgeTest] reconnected "
                        + reconnectMillis
                        + " ms after the broker restarted; waits before the attempts: "
                        + b.reconnectDelays());

        Set<String> expected = new HashSet<>();
        IntStream.range(0, 20).forEach(i -> expected.add("n=" + i));
        await(
                Duration.ofSeconds(10),
                () -> new HashSet<>(d.texts("home/thermostat/attic/set")).containsAll(expected),
                () -> "the device got " + d.texts("home/thermostat/attic/set"));
        await(
                Duration.ofSeconds(10),
                () ->
                        apps.of(THERMOSTAT).stream()
                                        .map(c -> c.json().get("payload"))
                                        .distinct()
                                        .count()
                                == 5,
                () -> "the app got " + apps.of(THERMOSTAT));

        List<Long> delays = b.reconnectDelays();
        assertEquals(List.of(1000L, 2000L, 4000L), delays.subList(0, 3), "back-off " + delays);
        assertTrue(delays.stream().allMatch(x -> x <= 4000), "capped at the maximum: " + delays);
        assertTrue(reconnectMillis <= 4500, "reconnected within one maximum wait");
        Map<String, Object> up = thermostat(b, "status", "{}");
        assertEquals(true, up.get("connected"));
        assertEquals(0L, up.get("buffered"));
        assertTrue(b.connections() >= 2);
    }

    /**
     * A bundle restart while the broker is away keeps what the app was told was sent, and the
     * session (same client id from the scope, same persistence folder) brings the messages that
     * arrived in between.
     */
    @Test
    void aBundleRestartLosesNothing() throws Exception {
        MqttBridge first = bridge(settings());
        String clientId = first.clientId();
        assertTrue(clientId.matches("elastos-node-[0-9a-f]{8}"), clientId);
        thermostat(first, "subscribe", "{\"filter\":\"home/thermostat/+/reading\"}");
        Device d = device("porch").subscribe("home/thermostat/porch/set");

        broker.stop();
        await(Duration.ofSeconds(5), () -> !first.connected(), () -> "still connected");
        for (int i = 0; i < 5; i++) {
            thermostat(
                    first,
                    "publish",
                    json(Map.of("topic", "home/thermostat/porch/set", "payload", "kept " + i)));
        }
        first.stop();

        broker.start();
        d.connect();
        for (int i = 0; i < 3; i++) {
            d.publish("home/thermostat/porch/reading", "{\"temperature\":" + i + "}");
        }
        Thread.sleep(300);
        assertEquals(0, apps.of(THERMOSTAT).size(), "nobody is there to receive them yet");

        MqttBridge second = bridge(settings());
        assertEquals(clientId, second.clientId(), "the client id is kept in the scope");
        Set<String> expected = Set.of("kept 0", "kept 1", "kept 2", "kept 3", "kept 4");
        await(
                Duration.ofSeconds(10),
                () -> new HashSet<>(d.texts("home/thermostat/porch/set")).containsAll(expected),
                () -> "the device got " + d.texts("home/thermostat/porch/set"));
        await(
                Duration.ofSeconds(10),
                () ->
                        apps.of(THERMOSTAT).stream()
                                        .map(c -> c.json().get("payload"))
                                        .distinct()
                                        .count()
                                == 3,
                () -> "the app got " + apps.of(THERMOSTAT));
        assertEquals(
                List.of("home/thermostat/+/reading"),
                thermostat(second, "status", "{}").get("subscriptions"));
    }

    /**
     * A broker that lost its state (no persistence file) gets the subscriptions again, also when
     * the reconnect first has a buffer of publishes to send (Paho cannot buffer a subscribe).
     */
    @Test
    void subscriptionsAreMadeAgainOnEveryConnect() throws Exception {
        MqttBridge b = bridge(settings());
        thermostat(b, "subscribe", "{\"filter\":\"home/thermostat/+/reading\"}");
        broker.stop();
        await(Duration.ofSeconds(5), () -> !b.connected(), () -> "still connected");
        for (int i = 0; i < 200; i++) {
            thermostat(
                    b,
                    "publish",
                    "{\"topic\":\"home/thermostat/x/set\",\"payload\":\"" + i + "\"}");
        }
        java.nio.file.Files.deleteIfExists(brokerDir.resolve("mosquitto.db"));
        broker.start();
        await(Duration.ofSeconds(10), b::connected, () -> "the bridge did not reconnect");
        Device d = device("garage");
        await(
                Duration.ofSeconds(5),
                () -> {
                    try {
                        d.publish("home/thermostat/garage/reading", "{\"temperature\":5}");
                        Thread.sleep(100);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return !apps.of(THERMOSTAT).isEmpty();
                },
                () -> "no reading reached the app after the broker forgot the session");
    }

    @Test
    void aFullOfflineBufferRefusesFurtherPublishes() throws Exception {
        MqttBridge b = bridge(settings().withBufferSize(5));
        broker.stop();
        await(Duration.ofSeconds(5), () -> !b.connected(), () -> "still connected");
        String publish = "{\"topic\":\"home/thermostat/a/set\",\"payload\":\"x\"}";
        for (int i = 0; i < 5; i++) {
            thermostat(b, "publish", publish);
        }
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> thermostat(b, "publish", publish));
        assertTrue(e.getMessage().contains("5 messages already wait"), e.getMessage());
        assertEquals(5L, thermostat(b, "status", "{}").get("buffered"));
    }

    @Test
    void theClientIdComesFromTheConfigurationWhenSet() throws Exception {
        MqttBridge b = bridge(settings().withClientId("node-" + testId.substring(0, 8)));
        assertEquals("node-" + testId.substring(0, 8), b.clientId());
        assertTrue(scopes.open(MqttBridge.SCOPE).get("client_id").isEmpty());
    }

    @Test
    void theCapabilityDescribesItself() {
        MqttBridge b = new MqttBridge(scopes, apps);
        assertEquals("iot.mqtt", b.capability());
        assertEquals(
                "publish to and receive from the MQTT topics you allow, through the node's broker"
                        + " connection",
                b.description());
        assertEquals(
                Set.of("publish", "subscribe", "unsubscribe", "status", "devices", "forget_device"),
                b.functions().keySet());
        b.functions().keySet().forEach(f -> assertTrue(f.matches("[a-z][a-z0-9_]*"), f));
    }
}
