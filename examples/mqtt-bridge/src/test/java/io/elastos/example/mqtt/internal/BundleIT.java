// SPDX-License-Identifier: Apache-2.0
package io.elastos.example.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

/**
 * The built bundle jar, as a node would run it: in Apache Felix with Declarative Services and
 * Configuration Admin, next to the io.elastos.api bundle, its two services standing in for the
 * node's, configured through its PID and talking to a real Mosquitto. It proves that the one jar
 * resolves, that its component activates, and that the embedded Paho finds its network modules
 * under OSGi class loading.
 */
class BundleIT {

    @TempDir static Path dir;
    static Mosquitto broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new Mosquitto(Files.createDirectories(dir.resolve("broker")));
        broker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }

    static Path bundleJar() {
        String p = System.getProperty("bundle.jar");
        assertNotNull(p, "run by failsafe, which sets bundle.jar");
        return Path.of(p);
    }

    @Test
    void theJarIsOneSelfContainedBundle() throws Exception {
        try (JarFile jar = new JarFile(bundleJar().toFile())) {
            Manifest m = jar.getManifest();
            assertEquals(
                    "io.elastos.example.mqtt",
                    m.getMainAttributes().getValue("Bundle-SymbolicName"));
            String imports = m.getMainAttributes().getValue("Import-Package");
            assertFalse(imports.contains("org.eclipse.paho"), "Paho is inside: " + imports);
            assertTrue(imports.contains("io.elastos.api.runtime"), imports);
            assertEquals(null, m.getMainAttributes().getValue("Export-Package"));
            assertNotNull(
                    jar.getEntry(
                            "META-INF/services/org.eclipse.paho.client.mqttv3.spi"
                                    + ".NetworkModuleFactory"));
            assertNotNull(
                    jar.getEntry("org/eclipse/paho/client/mqttv3/internal/nls/logcat.properties"));
            List<String> foreignSignatures =
                    jar.stream()
                            .map(e -> e.getName())
                            .filter(n -> n.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)"))
                            .toList();
            assertEquals(List.of(), foreignSignatures, "Eclipse's signature must not be copied");
        }
    }

    @Test
    void theBundleRunsInFelix() throws Exception {
        Path bundles = Path.of(System.getProperty("it.bundles"));
        Map<String, String> config = new java.util.HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, dir.resolve("felix-cache").toString());
        config.put(
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        Framework framework = new FrameworkFactory().newFramework(config);
        framework.start();
        Device device = null;
        try {
            BundleContext ctx = framework.getBundleContext();
            List<Bundle> installed = new ArrayList<>();
            for (String name :
                    List.of(
                            "org.osgi.util.function.jar",
                            "org.osgi.util.promise.jar",
                            "org.osgi.service.component.jar",
                            "org.apache.felix.scr.jar",
                            "org.apache.felix.configadmin.jar",
                            "io.elastos.api.jar")) {
                installed.add(ctx.installBundle(bundles.resolve(name).toUri().toString()));
            }
            for (Bundle b : installed) {
                b.start();
            }
            Bundle api = installed.get(installed.size() - 1);

            // The node's services, as proxies of the API bundle's interfaces.
            Map<String, byte[]> kv = new ConcurrentSkipListMap<>();
            List<String> appCalls = new CopyOnWriteArrayList<>();
            Class<?> appScope = api.loadClass("io.elastos.api.storage.AppScope");
            Object scope =
                    Proxy.newProxyInstance(
                            appScope.getClassLoader(),
                            new Class<?>[] {appScope},
                            (p, m, a) ->
                                    switch (m.getName()) {
                                        case "id" -> MqttBridge.SCOPE;
                                        case "get" -> Optional.ofNullable(kv.get((String) a[0]));
                                        case "put" -> {
                                            kv.put((String) a[0], (byte[]) a[1]);
                                            yield null;
                                        }
                                        case "delete" -> kv.remove((String) a[0]) != null;
                                        case "keys" ->
                                                kv.keySet().stream()
                                                        .filter(k -> k.startsWith((String) a[0]))
                                                        .toList();
                                        default -> throw new UnsupportedOperationException();
                                    });
            Class<?> scopeStore = api.loadClass("io.elastos.api.storage.ScopeStore");
            ctx.registerService(
                    scopeStore.getName(),
                    Proxy.newProxyInstance(
                            scopeStore.getClassLoader(),
                            new Class<?>[] {scopeStore},
                            (p, m, a) -> {
                                if (m.getName().equals("open")) {
                                    assertEquals(MqttBridge.SCOPE, a[0]);
                                    return scope;
                                }
                                throw new UnsupportedOperationException();
                            }),
                    null);
            Class<?> appCallsType = api.loadClass("io.elastos.api.apps.AppCalls");
            ctx.registerService(
                    appCallsType.getName(),
                    Proxy.newProxyInstance(
                            appCallsType.getClassLoader(),
                            new Class<?>[] {appCallsType},
                            (p, m, a) -> {
                                if (m.getName().equals("call")) {
                                    appCalls.add(
                                            a[0]
                                                    + " "
                                                    + a[1]
                                                    + " "
                                                    + new String(
                                                            (byte[]) a[2], StandardCharsets.UTF_8));
                                    return new byte[0];
                                }
                                return null;
                            }),
                    null);

            // Its configuration, through Configuration Admin.
            // The framework's own context is not wired to these packages: getAllServiceReferences
            // skips the class-space check that getServiceReference would make.
            ServiceReference<?> caRef =
                    service(ctx, "org.osgi.service.cm.ConfigurationAdmin", "Configuration Admin");
            Object ca = ctx.getService(caRef);
            Class<?> caType = caRef.getBundle().loadClass("org.osgi.service.cm.ConfigurationAdmin");
            Class<?> cfgType = caRef.getBundle().loadClass("org.osgi.service.cm.Configuration");
            Object cfg =
                    caType.getMethod("getConfiguration", String.class, String.class)
                            .invoke(ca, MqttBridge.PID, "?");
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("broker", broker.url());
            props.put("reconnect_max_seconds", 2);
            cfgType.getMethod("update", Dictionary.class).invoke(cfg, props);

            Bundle bridge = ctx.installBundle(bundleJar().toUri().toString());
            bridge.start();
            assertEquals(Bundle.ACTIVE, bridge.getState());

            Object provider = waitForProvider(ctx);
            Class<?> providerType = api.loadClass("io.elastos.api.runtime.HostCapabilityProvider");
            assertEquals("iot.mqtt", providerType.getMethod("capability").invoke(provider));

            Class<?> callContext = api.loadClass("io.elastos.api.runtime.CallContext");
            Class<?> hostCall = api.loadClass("io.elastos.api.runtime.HostCall");
            Object call =
                    hostCall.getConstructor(String.class, callContext, List.class)
                            .newInstance(
                                    "org.elastos.thermostat",
                                    callContext
                                            .getConstructor(String.class, String.class)
                                            .newInstance("did:key:zOwner", "owner"),
                                    List.of("home.thermostat"));
            Method invoke = providerType.getMethod("call", String.class, hostCall, byte[].class);

            long deadline = System.currentTimeMillis() + 10_000;
            Map<String, Object> status;
            do {
                status = json(invoke.invoke(provider, "status", call, "{}".getBytes()));
                Thread.sleep(50);
            } while (!Boolean.TRUE.equals(status.get("connected"))
                    && System.currentTimeMillis() < deadline);
            assertEquals(true, status.get("connected"), "status " + status);
            assertEquals(broker.url(), status.get("broker"), "configured through the PID");

            device = new Device(broker.url(), "it-device").connect();
            device.subscribe("home/thermostat/+/set");
            json(
                    invoke.invoke(
                            provider,
                            "publish",
                            call,
                            "{\"topic\":\"home/thermostat/it/set\",\"payload\":\"21\"}"
                                    .getBytes()));
            json(
                    invoke.invoke(
                            provider,
                            "subscribe",
                            call,
                            "{\"filter\":\"home/thermostat/+/reading\"}".getBytes()));
            device.publish("home/thermostat/it/reading", "{\"temperature\":20}");
            Device d = device;
            waitFor(() -> d.texts("home/thermostat/it/set").equals(List.of("21")), "publish");
            waitFor(() -> appCalls.size() == 1, "delivery");
            assertTrue(
                    appCalls.get(0)
                            .startsWith(
                                    "org.elastos.thermostat on_mqtt_message {\"topic\":"
                                            + "\"home/thermostat/it/reading\""),
                    appCalls.get(0));

            // The client id and the subscription went to the (stand-in) scope, Paho's files to
            // the bundle's data area.
            assertTrue(kv.containsKey("client_id"), kv.keySet().toString());
            assertTrue(kv.containsKey("subs/org.elastos.thermostat"), kv.keySet().toString());
            try (Stream<Path> files = Files.walk(dir.resolve("felix-cache"))) {
                assertTrue(
                        files.anyMatch(f -> f.getFileName().toString().equals("paho")),
                        "a paho folder in the bundle's data area");
            }

            // Stopping the bundle closes the connection and its threads.
            bridge.stop();
            waitFor(
                    () -> {
                        try {
                            return ctx.getAllServiceReferences(providerType.getName(), null)
                                    == null;
                        } catch (Exception e) {
                            return false;
                        }
                    },
                    "unregistered");
            String clientId = new String(kv.get("client_id"), StandardCharsets.UTF_8);
            waitFor(
                    () ->
                            Thread.getAllStackTraces().keySet().stream()
                                    .map(Thread::getName)
                                    .noneMatch(
                                            t -> t.startsWith("iot-mqtt-") || t.contains(clientId)),
                    "the bridge's and Paho's threads end");
        } finally {
            if (device != null) {
                device.close();
            }
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    private static Object waitForProvider(BundleContext ctx) throws Exception {
        return ctx.getService(
                service(
                        ctx,
                        "io.elastos.api.runtime.HostCapabilityProvider",
                        "the bridge's HostCapabilityProvider (the component did not activate)"));
    }

    private static ServiceReference<?> service(BundleContext ctx, String type, String what)
            throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            ServiceReference<?>[] refs = ctx.getAllServiceReferences(type, null);
            if (refs != null) {
                return refs[0];
            }
            Thread.sleep(50);
        }
        fail("no " + what + " within 10 s");
        return null;
    }

    private static Map<String, Object> json(Object bytes) {
        return Json.parseObject(new String((byte[]) bytes, StandardCharsets.UTF_8));
    }

    private static void waitFor(java.util.function.BooleanSupplier c, String what)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            if (c.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        fail(what + " did not happen within 10 s");
    }
}
