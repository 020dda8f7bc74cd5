// SPDX-License-Identifier: Apache-2.0
package io.elastos.example.mqtt.internal;

import io.elastos.api.apps.AppCalls;
import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.HostCall;
import io.elastos.api.runtime.HostCapabilityProvider;
import io.elastos.api.runtime.SandboxException;
import io.elastos.api.storage.AppScope;
import io.elastos.api.storage.ScopeStore;
import io.elastos.api.storage.StorageException;
import java.io.File;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClientPersistence;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.client.mqttv3.persist.MqttDefaultFilePersistence;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code iot.mqtt} capability: mini-apps publish to and receive from the MQTT topics their
 * grant allows, through one connection of the node to a broker.
 *
 * <ul>
 *   <li>One Paho client (MQTT 3.1.1, persistent session, QoS 1), reconnecting with exponential
 *       back-off (1 s, doubling up to {@code reconnect_max_seconds}).
 *   <li>Publishes made while the broker is away wait in an offline buffer (10,000 messages) that,
 *       like the messages in flight, is kept in the bundle's data area, so a publish an app was
 *       told succeeded survives a broker outage and a bundle restart.
 *   <li>Each app's subscriptions, with the grant arguments it had, are kept in the bundle's scope
 *       and subscribed again on every connect. A message is handed to the export {@code
 *       on_mqtt_message} of each app whose subscription matches and whose grant still covers the
 *       topic, on a thread of the bridge (never Paho's), and acknowledged to the broker only when
 *       every app had it: a message the bridge did not deliver is sent again by the broker.
 * </ul>
 *
 * <p>Topic permissions are {@link TopicRules}.
 */
@Component(
        service = HostCapabilityProvider.class,
        configurationPid = MqttBridge.PID,
        immediate = true)
@Designate(ocd = MqttBridge.Config.class)
public class MqttBridge implements HostCapabilityProvider {

    private static final System.Logger LOG = System.getLogger(MqttBridge.class.getName());

    /** The configuration PID. */
    static final String PID = "io.elastos.iot.mqtt";

    /** The bundle's own storage scope: its symbolic name. */
    static final String SCOPE = "io.elastos.example.mqtt";

    static final String CAPABILITY = "iot.mqtt";

    /** The export of an app that receives messages. */
    static final String EXPORT = "on_mqtt_message";

    /** Who the deliveries run for. */
    static final CallContext SYSTEM = new CallContext(null, "system");

    /** The largest payload, in bytes. */
    static final int MAX_PAYLOAD = 256 * 1024;

    /** The largest function input (a payload with JSON escapes), in bytes. */
    static final int MAX_INPUT = 2 * 1024 * 1024;

    /** The most subscriptions an app may have. */
    static final int MAX_FILTERS_PER_APP = 32;

    /** The most messages waiting for one app; more are dropped (and counted). */
    static final int MAX_QUEUED_PER_APP = 1000;

    /** How long subscribe and unsubscribe wait for the broker's answer while connected. */
    static final long BROKER_WAIT_MILLIS = 5000;

    private static final String CLIENT_ID_KEY = "client_id";
    private static final String SUBSCRIPTIONS_PREFIX = "subs/";
    private static final String BROKER_FILTERS_KEY = "broker/filters";

    /** The bridge's settings (Configuration Admin PID {@code io.elastos.iot.mqtt}). */
    @ObjectClassDefinition(
            name = "ElastOS MQTT bridge",
            description =
                    "The iot.mqtt capability: mini-apps publish to and receive from the MQTT topics"
                            + " their grant allows, through this connection to a broker.")
    public @interface Config {
        // Declarative Services turns "_" in a method name into "." and "__" into "_": the
        // configuration keys are broker, client_id, username, password, reconnect_max_seconds.

        @AttributeDefinition(
                description = "The broker: tcp://host:port, or ssl://host:port for TLS.")
        String broker() default "tcp://127.0.0.1:1883";

        @AttributeDefinition(
                required = false,
                description =
                        "The MQTT client id. Empty: elastos-node- and 8 random hex digits, made"
                                + " once and kept, so the broker keeps the node's session.")
        String client__id() default "";

        @AttributeDefinition(required = false, description = "The user name for the broker.")
        String username() default "";

        @AttributeDefinition(
                required = false,
                type = AttributeType.PASSWORD,
                description =
                        "The password for the broker (.password is read first: unlike password it"
                                + " is not published with the service).")
        String password() default "";

        @AttributeDefinition(
                description =
                        "The longest wait between two reconnect attempts, in seconds (the first is"
                                + " 1 s, doubling).")
        int reconnect__max__seconds() default 30;
    }

    @Reference ScopeStore scopes;

    @Reference AppCalls apps;

    private volatile Settings settings;
    private volatile MqttAsyncClient client;
    private volatile boolean stopped = true;
    private AppScope scope;
    private String clientId;
    private MqttConnectOptions options;
    private ScheduledExecutorService timer;
    private ExecutorService workers;
    private DeviceRegistry devices;

    /** Each app's subscriptions; guarded by this. */
    private final Map<String, AppSubscriptions> subscriptions = new LinkedHashMap<>();

    /** The filters the broker has for the bridge's session, as far as it knows; guarded by this. */
    private final Set<String> brokerFilters = new TreeSet<>();

    private final Map<String, AppQueue> queues = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    private final Object reconnect = new Object();
    private long backoffMillis; // guarded by reconnect
    private final List<Long> delays = new ArrayList<>(); // guarded by reconnect
    private volatile long connectedAt;
    private final AtomicInteger connections = new AtomicInteger();

    /** For Declarative Services. */
    public MqttBridge() {}

    /** For tests: the services the component would get from the framework. */
    MqttBridge(ScopeStore scopes, AppCalls apps) {
        this.scopes = scopes;
        this.apps = apps;
    }

    @Activate
    void activate(BundleContext context, Config config, Map<String, Object> properties)
            throws Exception {
        File data = context.getDataFile("paho");
        if (data == null) {
            LOG.log(
                    Level.WARNING,
                    "the framework gives this bundle no data area: messages waiting for the broker"
                            + " are kept in memory only");
        }
        start(Settings.of(config, properties), data == null ? null : data.toPath());
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    /**
     * Starts the bridge: reads its state from the scope and begins connecting.
     *
     * @param s the settings
     * @param dataDir where Paho keeps the messages in flight and the offline buffer, or null to
     *     keep them in memory
     * @throws StorageException if the bundle's scope cannot be read
     * @throws MqttException if the persistence cannot be opened
     */
    synchronized void start(Settings s, Path dataDir) throws StorageException, MqttException {
        settings = s;
        scope = scopes.open(SCOPE);
        clientId = s.clientId().isEmpty() ? keptClientId() : s.clientId();
        subscriptions.clear();
        brokerFilters.clear();
        loadSubscriptions();
        brokerFilters.addAll(stringList(scope.get(BROKER_FILTERS_KEY), "filters"));
        devices = new DeviceRegistry(scope);
        devices.load();

        MqttClientPersistence persistence;
        if (dataDir == null) {
            persistence = new MemoryPersistence();
        } else {
            dataDir.toFile().mkdirs();
            persistence = new MqttDefaultFilePersistence(dataDir.toString());
        }
        MqttAsyncClient c = new MqttAsyncClient(s.broker(), clientId, persistence);
        c.setManualAcks(true);
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(s.bufferSize());
        buffer.setPersistBuffer(true);
        buffer.setDeleteOldestMessages(false);
        c.setBufferOpts(buffer);
        c.setCallback(new Callback());

        options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(false);
        // The bridge reconnects itself: Paho's own cycle does not cover a first connect that
        // fails, and its back-off is shared by every client in the JVM.
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(s.keepAliveSeconds());
        options.setConnectionTimeout(10);
        options.setMaxInflight(1000);
        if (!s.username().isEmpty()) {
            options.setUserName(s.username());
        }
        if (!s.password().isEmpty()) {
            options.setPassword(s.password().toCharArray());
        }

        timer =
                Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().name("iot-mqtt-timer").daemon().factory());
        workers =
                Executors.newThreadPerTaskExecutor(
                        Thread.ofVirtual().name("iot-mqtt-delivery-", 0).factory());
        synchronized (reconnect) {
            backoffMillis = s.reconnectFirstMillis();
            delays.clear();
        }
        client = c;
        stopped = false;
        DeviceRegistry d = devices;
        timer.scheduleWithFixedDelay(d::flush, 10, 10, TimeUnit.SECONDS);
        timer.execute(this::connect);
        LOG.log(
                Level.INFO,
                "MQTT bridge starting: broker " + s.broker() + ", client id " + clientId);
    }

    /** Stops the bridge: lets deliveries finish briefly, disconnects, keeps what waits. */
    void stop() {
        MqttAsyncClient c;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            c = client;
        }
        timer.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        devices.flush();
        try {
            if (c.isConnected()) {
                c.disconnect(1000).waitForCompletion(3000);
            }
        } catch (MqttException | RuntimeException e) {
            LOG.log(Level.DEBUG, "MQTT disconnect: " + e);
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot close the MQTT client: " + e);
        }
        workers.shutdownNow();
        connectedAt = 0;
        LOG.log(Level.INFO, "MQTT bridge stopped (broker " + settings.broker() + ")");
    }

    // ------------------------------------------------------------------ HostCapabilityProvider

    @Override
    public String capability() {
        return CAPABILITY;
    }

    @Override
    public String description() {
        return "publish to and receive from the MQTT topics you allow, through the node's broker"
                + " connection";
    }

    @Override
    public Map<String, String> functions() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(
                "publish",
                "{\"topic\",\"payload\" (text) or \"payloadBase64\",\"retain\"?} -> {\"ok\":true};"
                        + " QoS 1, kept and sent later while the broker is away");
        f.put(
                "subscribe",
                "{\"filter\"} -> {\"ok\":true}; matching messages go to your export "
                        + EXPORT
                        + ", also after restarts");
        f.put("unsubscribe", "{\"filter\"} -> {\"ok\":true,\"removed\":bool}");
        f.put(
                "status",
                "{} -> {\"connected\",\"broker\",\"buffered\",\"inFlight\",\"subscriptions\","
                        + "\"allowed\",\"deliveryFailures\"}");
        f.put(
                "devices",
                "{} -> {\"devices\":[{\"device\",\"subtree\",\"lastSeen\",\"lastTopic\"}]}: the"
                        + " devices heard from in your topics");
        f.put("forget_device", "{\"device\"} -> {\"ok\":true,\"removed\":bool}");
        return Map.copyOf(f);
    }

    @Override
    public byte[] call(String function, HostCall call, byte[] input) throws Exception {
        if (stopped) {
            throw new IllegalStateException("iot.mqtt: the bridge is not running");
        }
        if (input.length > MAX_INPUT) {
            throw new IllegalArgumentException(
                    "iot.mqtt: the input is larger than " + MAX_INPUT + " bytes");
        }
        Map<String, Object> in = Json.parseObject(utf8(input, "the input"));
        TopicRules rules = TopicRules.of(call.arguments());
        noteArguments(call.appId(), call.arguments());
        Map<String, Object> out =
                switch (function) {
                    case "publish" -> publish(rules, in);
                    case "subscribe" -> subscribe(call, rules, in);
                    case "unsubscribe" -> unsubscribe(call.appId(), in);
                    case "status" -> status(call.appId(), rules);
                    case "devices" -> Map.of("devices", devices.list(subtrees(rules)));
                    case "forget_device" ->
                            ok(
                                    "removed",
                                    devices.forget(
                                            subtrees(rules),
                                            string(in, "device", DeviceRegistry.MAX_NAME)));
                    default ->
                            throw new IllegalArgumentException(
                                    "iot.mqtt has no function " + function);
                };
        return Json.write(out).getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, Object> publish(TopicRules rules, Map<String, Object> in)
            throws MqttException {
        String topic = string(in, "topic", TopicRules.MAX_TOPIC_LENGTH + 1);
        rules.checkPublish(topic);
        byte[] payload = payload(in);
        Object retain = in.getOrDefault("retain", Boolean.FALSE);
        if (!(retain instanceof Boolean)) {
            throw new IllegalArgumentException("iot.mqtt: retain must be true or false");
        }
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        m.setRetained((Boolean) retain);
        try {
            client.publish(topic, m);
        } catch (MqttException e) {
            throw switch (e.getReasonCode()) {
                case MqttException.REASON_CODE_DISCONNECTED_BUFFER_FULL ->
                        new IllegalStateException(
                                "iot.mqtt: the broker is away and "
                                        + settings.bufferSize()
                                        + " messages already wait for it; try again later");
                case MqttException.REASON_CODE_MAX_INFLIGHT ->
                        new IllegalStateException(
                                "iot.mqtt: too many messages are on their way; try again");
                default -> new IllegalStateException("iot.mqtt: cannot publish: " + e, e);
            };
        }
        return ok();
    }

    private static byte[] payload(Map<String, Object> in) {
        Object text = in.get("payload");
        Object b64 = in.get("payloadBase64");
        byte[] payload;
        if (text != null && b64 != null) {
            throw new IllegalArgumentException(
                    "iot.mqtt: give either payload or payloadBase64, not both");
        } else if (b64 instanceof String s) {
            try {
                payload = Base64.getDecoder().decode(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("iot.mqtt: payloadBase64 is not base64");
            }
        } else if (text instanceof String s) {
            payload = s.getBytes(StandardCharsets.UTF_8);
        } else {
            throw new IllegalArgumentException(
                    "iot.mqtt: payload (text) or payloadBase64 (a string) is required");
        }
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException(
                    "iot.mqtt: the payload is larger than " + MAX_PAYLOAD + " bytes");
        }
        return payload;
    }

    private Map<String, Object> subscribe(HostCall call, TopicRules rules, Map<String, Object> in)
            throws StorageException {
        String filter = string(in, "filter", TopicRules.MAX_TOPIC_LENGTH + 1);
        rules.checkFilter(filter);
        String app = call.appId();
        synchronized (this) {
            AppSubscriptions s =
                    subscriptions.computeIfAbsent(
                            app, a -> new AppSubscriptions(call.arguments(), List.of()));
            if (!s.filters.contains(filter)) {
                if (s.filters.size() >= MAX_FILTERS_PER_APP) {
                    throw new IllegalArgumentException(
                            "iot.mqtt: an app may have at most "
                                    + MAX_FILTERS_PER_APP
                                    + " subscriptions");
                }
                s.filters.add(filter);
                try {
                    save(app, s);
                } catch (StorageException | RuntimeException e) {
                    s.filters.remove(filter);
                    if (s.filters.isEmpty()) {
                        subscriptions.remove(app);
                    }
                    throw e;
                }
            }
        }
        MqttAsyncClient c = client;
        if (!c.isConnected() || c.getBufferedMessageCount() > 0) {
            requestSync(); // now if connected, else on the next connect
        } else {
            // Wait for the broker, so messages published after this call returns are delivered.
            boolean refused = false;
            try {
                IMqttToken t = c.subscribe(filter, 1);
                t.waitForCompletion(BROKER_WAIT_MILLIS);
                int[] granted = t.getGrantedQos();
                refused = granted != null && granted.length > 0 && granted[0] == 0x80;
                if (!refused) {
                    brokerFiltersAdded(List.of(filter));
                }
            } catch (MqttException | RuntimeException e) {
                LOG.log(Level.DEBUG, "subscribe " + filter + " is left for a sync: " + e);
                requestSync();
            }
            if (refused) {
                removeSubscription(app, filter);
                throw new IllegalStateException(
                        "iot.mqtt: the broker refused the subscription to "
                                + TopicRules.printable(filter));
            }
        }
        return ok();
    }

    private Map<String, Object> unsubscribe(String app, Map<String, Object> in)
            throws StorageException {
        String filter = string(in, "filter", TopicRules.MAX_TOPIC_LENGTH + 1);
        boolean removed = removeSubscription(app, filter);
        boolean used;
        synchronized (this) {
            used = subscriptions.values().stream().anyMatch(s -> s.filters.contains(filter));
        }
        MqttAsyncClient c = client;
        if (removed && !used) {
            if (!c.isConnected() || c.getBufferedMessageCount() > 0) {
                requestSync();
            } else {
                try {
                    c.unsubscribe(filter).waitForCompletion(BROKER_WAIT_MILLIS);
                    brokerFiltersRemoved(List.of(filter));
                } catch (MqttException | RuntimeException e) {
                    LOG.log(Level.DEBUG, "unsubscribe " + filter + " is left for a sync: " + e);
                    requestSync();
                }
            }
        }
        return ok("removed", removed);
    }

    private boolean removeSubscription(String app, String filter) throws StorageException {
        synchronized (this) {
            AppSubscriptions s = subscriptions.get(app);
            if (s == null || !s.filters.remove(filter)) {
                return false;
            }
            if (s.filters.isEmpty()) {
                subscriptions.remove(app);
                scope.delete(SUBSCRIPTIONS_PREFIX + app);
            } else {
                save(app, s);
            }
            return true;
        }
    }

    private Map<String, Object> status(String app, TopicRules rules) {
        MqttAsyncClient c = client;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("connected", c.isConnected());
        out.put("broker", settings.broker());
        out.put("buffered", c.getBufferedMessageCount());
        out.put("inFlight", c.getInFlightMessageCount());
        synchronized (this) {
            AppSubscriptions s = subscriptions.get(app);
            out.put("subscriptions", s == null ? List.of() : List.copyOf(s.filters));
        }
        out.put("allowed", rules.subtrees().stream().map(t -> t + "/#").toList());
        if (!rules.refused().isEmpty()) {
            out.put("refusedArguments", rules.refused());
        }
        AtomicLong f = failures.get(app);
        out.put("deliveryFailures", f == null ? 0L : f.get());
        return out;
    }

    // ------------------------------------------------------------------ connection

    /** One connect attempt; on failure the next is scheduled with back-off. */
    private void connect() {
        MqttAsyncClient c = client;
        if (stopped || c.isConnected()) {
            return;
        }
        try {
            c.connect(
                    options,
                    null,
                    new IMqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            // Callback.connectComplete does the work.
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable e) {
                            retry("cannot connect to the MQTT broker", e);
                        }
                    });
        } catch (MqttException | RuntimeException e) {
            retry("cannot connect to the MQTT broker", e);
        }
    }

    private void retry(String what, Throwable cause) {
        long delay;
        synchronized (reconnect) {
            if (stopped) {
                return;
            }
            delay = backoffMillis;
            backoffMillis = Math.min(backoffMillis * 2, settings.reconnectMaxMillis());
            if (delays.size() >= 100) {
                delays.remove(0);
            }
            delays.add(delay);
        }
        LOG.log(
                Level.INFO,
                what
                        + " "
                        + settings.broker()
                        + " ("
                        + reason(cause)
                        + "); next attempt in "
                        + delay
                        + " ms");
        try {
            timer.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    private static String reason(Throwable e) {
        if (e == null) {
            return "no reason given";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root;
    }

    /**
     * Brings the broker's subscriptions in line with the apps' (after every connect, and when an
     * app's change could not be sent at once): the stale ones go, every app's filter is subscribed.
     */
    private void requestSync() {
        int connection = connections.get();
        try {
            timer.execute(() -> sync(connection));
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    private void sync(int connection) {
        MqttAsyncClient c = client;
        if (stopped || connection != connections.get()) {
            return; // a newer connection syncs
        }
        // Paho calls connectComplete a moment before its state says "connected"; and it puts
        // anything sent while its offline buffer is not yet empty into that buffer, which takes
        // only publishes: so subscriptions wait until the client is connected and the buffer
        // has been sent. A connection lost meanwhile syncs on the next connect.
        boolean connected = c.isConnected();
        if (!connected && connectedAt == 0) {
            return;
        }
        if (!connected || c.getBufferedMessageCount() > 0) {
            try {
                timer.schedule(() -> sync(connection), 50, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // stopping
            }
            return;
        }
        List<String> wanted;
        List<String> stale;
        synchronized (this) {
            Set<String> all = new TreeSet<>();
            subscriptions.values().forEach(s -> all.addAll(s.filters));
            wanted = List.copyOf(all);
            stale = brokerFilters.stream().filter(f -> !all.contains(f)).toList();
        }
        try {
            if (!stale.isEmpty()) {
                c.unsubscribe(
                        stale.toArray(String[]::new),
                        null,
                        new Listener(() -> brokerFiltersRemoved(stale)));
            }
            if (!wanted.isEmpty()) {
                int[] qos = new int[wanted.size()];
                java.util.Arrays.fill(qos, 1);
                c.subscribe(
                        wanted.toArray(String[]::new),
                        qos,
                        null,
                        new Listener(() -> brokerFiltersAdded(wanted)));
            }
        } catch (MqttException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot subscribe again after connecting: " + e, e);
        }
    }

    private void brokerFiltersAdded(List<String> filters) {
        synchronized (this) {
            if (!brokerFilters.addAll(filters)) {
                return;
            }
        }
        saveBrokerFiltersLater();
    }

    private void brokerFiltersRemoved(List<String> filters) {
        synchronized (this) {
            if (!brokerFilters.removeAll(filters)) {
                return;
            }
        }
        saveBrokerFiltersLater();
    }

    private void saveBrokerFiltersLater() {
        try {
            workers.execute(() -> {
                byte[] json;
                synchronized (this) {
                    json =
                            Json.write(Map.of("filters", List.copyOf(brokerFilters)))
                                    .getBytes(StandardCharsets.UTF_8);
                }
                try {
                    scope.put(BROKER_FILTERS_KEY, json);
                } catch (StorageException | RuntimeException e) {
                    LOG.log(Level.WARNING, "cannot store the broker's filters: " + e);
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping; the next start subscribes again anyway
        }
    }

    /** Paho's callbacks: they run on Paho's thread and must return quickly. */
    private final class Callback implements MqttCallbackExtended {

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            synchronized (MqttBridge.this.reconnect) {
                backoffMillis = settings.reconnectFirstMillis();
            }
            connectedAt = System.currentTimeMillis();
            connections.incrementAndGet();
            LOG.log(
                    Level.INFO,
                    "connected to the MQTT broker "
                            + serverURI
                            + " as "
                            + clientId
                            + " ("
                            + client.getBufferedMessageCount()
                            + " buffered messages to send)");
            requestSync();
        }

        @Override
        public void connectionLost(Throwable cause) {
            connectedAt = 0;
            LOG.log(
                    Level.WARNING,
                    "lost the connection to the MQTT broker "
                            + settings.broker()
                            + ": "
                            + reason(cause));
            retry("reconnecting to the MQTT broker", cause);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            arrived(topic, message);
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {}
    }

    private record Listener(Runnable onSuccess) implements IMqttActionListener {
        @Override
        public void onSuccess(IMqttToken token) {
            onSuccess.run();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            LOG.log(Level.DEBUG, "MQTT request failed: " + e);
        }
    }

    // ------------------------------------------------------------------ delivery

    private void arrived(String topic, MqttMessage message) {
        long now = System.currentTimeMillis();
        List<String> targets = new ArrayList<>();
        synchronized (this) {
            for (Map.Entry<String, AppSubscriptions> e : subscriptions.entrySet()) {
                AppSubscriptions s = e.getValue();
                // The grant as the app last showed it must still cover the topic.
                if (!s.rules.allowsTopic(topic)
                        || s.filters.stream().noneMatch(f -> TopicRules.matches(f, topic))) {
                    continue;
                }
                targets.add(e.getKey());
                for (String[] d : s.rules.devicesOf(topic)) {
                    devices.seen(d[0], d[1], topic, now);
                }
            }
        }
        Delivery delivery = new Delivery(message.getId(), message.getQos(), targets.size());
        if (targets.isEmpty()) {
            delivery.ack();
            return;
        }
        byte[] input = deliveryInput(topic, message, now);
        for (String app : targets) {
            AppQueue q = queues.computeIfAbsent(app, a -> new AppQueue());
            if (!q.offer(() -> deliver(app, input, delivery))) {
                dropped.incrementAndGet();
                failed(app, "its queue of " + MAX_QUEUED_PER_APP + " messages is full");
                delivery.done(true);
            }
        }
    }

    private static byte[] deliveryInput(String topic, MqttMessage message, long receivedAt) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("topic", topic);
        byte[] payload = message.getPayload();
        try {
            m.put(
                    "payload",
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(payload))
                            .toString());
        } catch (CharacterCodingException e) {
            m.put("payload", null);
            m.put("payloadBase64", Base64.getEncoder().encodeToString(payload));
        }
        m.put("qos", message.getQos());
        m.put("retained", message.isRetained());
        m.put("receivedAt", receivedAt);
        return Json.write(m).getBytes(StandardCharsets.UTF_8);
    }

    private void deliver(String app, byte[] input, Delivery delivery) {
        boolean handled = true;
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    apps.call(app, EXPORT, input, SYSTEM);
                    delivered.incrementAndGet();
                    return;
                } catch (SandboxException e) {
                    if (e.kind() != SandboxException.Kind.BUSY || attempt >= 4 || stopped) {
                        throw e;
                    }
                    Thread.sleep(200L * attempt); // the app's queue is full: a moment later
                }
            }
        } catch (InterruptedException e) {
            // Stopping: not acknowledged, so the broker sends it again to the next session.
            handled = false;
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failed(
                    app,
                    e instanceof SandboxException s ? s.kind() + ": " + e.getMessage() : "" + e);
        } finally {
            delivery.done(handled);
        }
    }

    private void failed(String app, String why) {
        long n = failures.computeIfAbsent(app, a -> new AtomicLong()).incrementAndGet();
        // The first failure and then every hundredth, so a broken app cannot flood the log.
        Level level = n == 1 || n % 100 == 0 ? Level.WARNING : Level.DEBUG;
        LOG.log(
                level,
                "a message for "
                        + app
                        + " could not be delivered to its "
                        + EXPORT
                        + " ("
                        + n
                        + " failures so far): "
                        + why);
    }

    /** One received message on its way to its apps; acknowledged once all had it. */
    private final class Delivery {
        private final int id;
        private final int qos;
        private final AtomicInteger remaining;
        private volatile boolean unhandled;

        Delivery(int id, int qos, int apps) {
            this.id = id;
            this.qos = qos;
            this.remaining = new AtomicInteger(apps);
        }

        void done(boolean handled) {
            if (!handled) {
                unhandled = true;
            }
            if (remaining.decrementAndGet() == 0 && !unhandled) {
                ack();
            }
        }

        void ack() {
            if (qos == 0) {
                return;
            }
            try {
                client.messageArrivedComplete(id, qos);
            } catch (MqttException | RuntimeException e) {
                // The connection is gone: the broker sends the message again.
                LOG.log(Level.DEBUG, "cannot acknowledge message " + id + ": " + e);
            }
        }
    }

    /** One app's deliveries, in order, one at a time, on the workers. */
    private final class AppQueue {
        private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        private boolean running;

        boolean offer(Runnable task) {
            synchronized (this) {
                if (tasks.size() >= MAX_QUEUED_PER_APP) {
                    return false;
                }
                tasks.add(task);
                if (running) {
                    return true;
                }
                running = true;
            }
            try {
                workers.execute(this::drain);
            } catch (RejectedExecutionException e) {
                synchronized (this) {
                    tasks.clear();
                    running = false;
                }
                // Stopping: left unacknowledged for the broker to send again.
            }
            return true;
        }

        private void drain() {
            while (true) {
                Runnable r;
                synchronized (this) {
                    r = tasks.poll();
                    if (r == null) {
                        running = false;
                        return;
                    }
                }
                r.run();
            }
        }
    }

    // ------------------------------------------------------------------ state

    /** An app's subscriptions and the grant arguments it last called with. */
    private static final class AppSubscriptions {
        List<String> arguments;
        TopicRules rules;
        final Set<String> filters;

        AppSubscriptions(List<String> arguments, List<String> filters) {
            this.arguments = List.copyOf(arguments);
            this.rules = TopicRules.of(this.arguments);
            this.filters = new LinkedHashSet<>(filters);
        }

        byte[] toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("arguments", arguments);
            m.put("filters", List.copyOf(filters));
            return Json.write(m).getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Keeps the grant arguments an app calls with: they decide, at delivery, whether its
     * subscriptions still reach a topic.
     */
    private void noteArguments(String app, List<String> arguments) {
        synchronized (this) {
            AppSubscriptions s = subscriptions.get(app);
            if (s == null || s.arguments.equals(arguments)) {
                return;
            }
            s.arguments = List.copyOf(arguments);
            s.rules = TopicRules.of(s.arguments);
            try {
                save(app, s);
            } catch (StorageException | RuntimeException e) {
                LOG.log(Level.WARNING, "cannot store the grant of " + app + ": " + e);
            }
        }
    }

    private void save(String app, AppSubscriptions s) throws StorageException {
        scope.put(SUBSCRIPTIONS_PREFIX + app, s.toJson());
    }

    private void loadSubscriptions() throws StorageException {
        for (String key : scope.keys(SUBSCRIPTIONS_PREFIX, 100_000)) {
            Optional<byte[]> v = scope.get(key);
            if (v.isEmpty()) {
                continue;
            }
            try {
                AppSubscriptions s =
                        new AppSubscriptions(stringList(v, "arguments"), stringList(v, "filters"));
                if (!s.filters.isEmpty()) {
                    subscriptions.put(key.substring(SUBSCRIPTIONS_PREFIX.length()), s);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "skipping the malformed subscriptions " + key);
            }
        }
    }

    private static List<String> stringList(Optional<byte[]> json, String member) {
        if (json.isEmpty()) {
            return List.of();
        }
        Object v = Json.parseObject(new String(json.get(), StandardCharsets.UTF_8)).get(member);
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof String s) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private String keptClientId() throws StorageException {
        Optional<byte[]> kept = scope.get(CLIENT_ID_KEY);
        if (kept.isPresent() && kept.get().length > 0) {
            return new String(kept.get(), StandardCharsets.UTF_8);
        }
        byte[] r = new byte[4];
        new SecureRandom().nextBytes(r);
        String id = "elastos-node-" + HexFormat.of().formatHex(r);
        scope.put(CLIENT_ID_KEY, id.getBytes(StandardCharsets.UTF_8));
        return id;
    }

    // ------------------------------------------------------------------ helpers

    private static Set<String> subtrees(TopicRules rules) {
        return Set.copyOf(rules.subtrees());
    }

    private static String string(Map<String, Object> in, String name, int maxLength) {
        Object v = in.get(name);
        if (!(v instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException("iot.mqtt: \"" + name + "\" (a string) is required");
        }
        if (s.length() > maxLength) {
            throw new IllegalArgumentException("iot.mqtt: \"" + name + "\" is too long");
        }
        return s;
    }

    private static String utf8(byte[] b, String what) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("iot.mqtt: " + what + " is not UTF-8 text");
        }
    }

    private static Map<String, Object> ok() {
        return Map.of("ok", true);
    }

    private static Map<String, Object> ok(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", true);
        m.put(key, value);
        return m;
    }

    // ------------------------------------------------------------------ for tests

    /** Whether the client is connected now. */
    boolean connected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    /** The waits before the recent reconnect attempts, oldest first, in milliseconds. */
    List<Long> reconnectDelays() {
        synchronized (reconnect) {
            return List.copyOf(delays);
        }
    }

    /** How many times the client has connected since start. */
    int connections() {
        return connections.get();
    }

    /** When the current connection was made (0 while disconnected). */
    long connectedAt() {
        return connectedAt;
    }

    /** The client id in use. */
    String clientId() {
        return clientId;
    }

    /** Messages handed to apps, and dropped because an app's queue was full. */
    long[] deliveryCounts() {
        return new long[] {delivered.get(), dropped.get()};
    }
}
