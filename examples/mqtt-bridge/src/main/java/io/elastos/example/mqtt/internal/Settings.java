// SPDX-License-Identifier: Apache-2.0
package io.elastos.example.mqtt.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Set;

/**
 * The bridge's settings, from its configuration (PID {@code io.elastos.iot.mqtt}) or a test.
 *
 * @param broker the broker URL: {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId the MQTT client id; empty for the one the bridge made and kept
 * @param username the user name for the broker, or empty for none
 * @param password the password, or empty for none
 * @param reconnectFirstMillis the wait before the first reconnect attempt, doubled after each
 *     failure
 * @param reconnectMaxMillis the longest wait between two attempts
 * @param bufferSize the most messages kept while the broker is away
 * @param keepAliveSeconds the MQTT keep-alive interval
 */
record Settings(
        String broker,
        String clientId,
        String username,
        String password,
        long reconnectFirstMillis,
        long reconnectMaxMillis,
        int bufferSize,
        int keepAliveSeconds) {

    private static final Set<String> SCHEMES = Set.of("tcp", "ssl");

    Settings {
        broker = broker == null ? "" : broker.strip();
        clientId = clientId == null ? "" : clientId.strip();
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        URI uri;
        try {
            uri = new URI(broker);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("iot.mqtt: not a broker URL: " + broker, e);
        }
        if (uri.getScheme() == null
                || !SCHEMES.contains(uri.getScheme())
                || uri.getHost() == null
                || uri.getUserInfo() != null) {
            throw new IllegalArgumentException(
                    "iot.mqtt: the broker must be tcp://host:port or ssl://host:port (credentials"
                            + " go in username and password), not "
                            + broker);
        }
        if (clientId.length() > 64) {
            throw new IllegalArgumentException("iot.mqtt: client_id is longer than 64 characters");
        }
        reconnectFirstMillis = Math.max(10, reconnectFirstMillis);
        reconnectMaxMillis = Math.max(reconnectFirstMillis, reconnectMaxMillis);
        bufferSize = Math.max(1, bufferSize);
        keepAliveSeconds = Math.max(5, keepAliveSeconds);
    }

    /** The settings of a broker with the defaults for everything else. */
    static Settings defaults(String broker) {
        return new Settings(broker, "", "", "", 1000, 30_000, 10_000, 30);
    }

    /**
     * The settings of a configuration. The password is read from {@code .password} when set there
     * (a property whose name starts with a dot is not published with the service), else from {@code
     * password}.
     */
    static Settings of(MqttBridge.Config config, Map<String, Object> properties) {
        Object hidden = properties == null ? null : properties.get(".password");
        String password =
                hidden instanceof String s && !s.isEmpty()
                        ? s
                        : hidden instanceof char[] c && c.length > 0
                                ? new String(c)
                                : config.password();
        int max = Math.min(3600, Math.max(1, config.reconnect__max__seconds()));
        return new Settings(
                config.broker(),
                config.client__id(),
                config.username(),
                password,
                1000,
                max * 1000L,
                10_000,
                30);
    }

    Settings withReconnect(long firstMillis, long maxMillis) {
        return new Settings(
                broker,
                clientId,
                username,
                password,
                firstMillis,
                maxMillis,
                bufferSize,
                keepAliveSeconds);
    }

    Settings withClientId(String id) {
        return new Settings(
                broker,
                id,
                username,
                password,
                reconnectFirstMillis,
                reconnectMaxMillis,
                bufferSize,
                keepAliveSeconds);
    }

    Settings withBufferSize(int size) {
        return new Settings(
                broker,
                clientId,
                username,
                password,
                reconnectFirstMillis,
                reconnectMaxMillis,
                size,
                keepAliveSeconds);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "Settings[broker=" + broker + ", clientId=" + clientId + "]";
    }
}
