// SPDX-License-Identifier: Apache-2.0
package io.elastos.example.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A simulated IoT device: a second, independent Paho client with a persistent session and its own
 * offline buffer, recording what it receives.
 */
final class Device implements AutoCloseable {

    /** One received message. */
    record Received(String topic, byte[] payload, boolean retained) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final MqttAsyncClient client;

    Device(String url, String clientId) throws MqttException {
        client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(1000);
        client.setBufferOpts(buffer);
        client.setCallback(
                new MqttCallback() {
                    @Override
                    public void connectionLost(Throwable cause) {}

                    @Override
                    public void messageArrived(String topic, MqttMessage message) {
                        received.add(
                                new Received(topic, message.getPayload(), message.isRetained()));
                    }

                    @Override
                    public void deliveryComplete(IMqttDeliveryToken token) {}
                });
    }

    Device connect() throws MqttException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(false);
        o.setConnectionTimeout(5);
        client.connect(o).waitForCompletion(10_000);
        return this;
    }

    Device subscribe(String filter) throws MqttException {
        client.subscribe(filter, 1).waitForCompletion(5000);
        return this;
    }

    /** Publishes at QoS 1; while disconnected the message waits in the device's buffer. */
    void publish(String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    /** Publishes raw bytes at QoS 1. */
    void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false);
    }

    boolean connected() {
        return client.isConnected();
    }

    List<String> texts(String topic) {
        return received.stream().filter(r -> r.topic().equals(topic)).map(Received::text).toList();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(500).waitForCompletion(2000);
            }
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // best effort
        }
    }
}
