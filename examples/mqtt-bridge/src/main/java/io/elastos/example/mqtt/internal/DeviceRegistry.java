// SPDX-License-Identifier: Apache-2.0
package io.elastos.example.mqtt.internal;

import io.elastos.api.storage.AppScope;
import io.elastos.api.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The devices the bridge has heard from. A device is the first topic level below a granted subtree
 * that a message arrived on: {@code home/thermostat/living/reading} under {@code home/thermostat}
 * is the device {@code living}. Kept in memory and written to the bundle's scope (keys {@code
 * dev/<subtree>/<device>}) by {@link #flush()}, which the bridge runs every few seconds and when it
 * stops, so a busy device does not cost a scope write per message.
 */
final class DeviceRegistry {

    private static final System.Logger LOG = System.getLogger(DeviceRegistry.class.getName());

    /** The most devices kept; the one heard from longest ago makes room for a new one. */
    static final int MAX_DEVICES = 10_000;

    /** The longest device name kept, in characters. */
    static final int MAX_NAME = 128;

    static final String PREFIX = "dev/";

    /** One device. */
    static final class Device {
        final String subtree;
        final String name;
        long lastSeen;
        String lastTopic;
        boolean dirty;

        Device(String subtree, String name, long lastSeen, String lastTopic) {
            this.subtree = subtree;
            this.name = name;
            this.lastSeen = lastSeen;
            this.lastTopic = lastTopic;
        }

        String key() {
            return PREFIX + subtree + "/" + name;
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("device", name);
            m.put("subtree", subtree);
            m.put("lastSeen", lastSeen);
            m.put("lastTopic", lastTopic);
            return m;
        }
    }

    private final AppScope scope;
    private final Map<String, Device> devices = new HashMap<>();

    DeviceRegistry(AppScope scope) {
        this.scope = scope;
    }

    /** Reads the devices kept in the scope. */
    synchronized void load() throws StorageException {
        for (String key : scope.keys(PREFIX, MAX_DEVICES)) {
            Optional<byte[]> v = scope.get(key);
            if (v.isEmpty()) {
                continue;
            }
            try {
                Map<String, Object> m =
                        Json.parseObject(new String(v.get(), StandardCharsets.UTF_8));
                Device d =
                        new Device(
                                (String) m.get("subtree"),
                                (String) m.get("device"),
                                ((Number) m.get("lastSeen")).longValue(),
                                (String) m.get("lastTopic"));
                if (d.subtree != null && d.name != null) {
                    devices.put(d.key(), d);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "skipping a malformed device record " + key);
            }
        }
    }

    /**
     * Notes that a device spoke.
     *
     * @param subtree the granted subtree, such as {@code home/thermostat}
     * @param name the device: the topic's level below the subtree
     * @param topic the topic it published to
     * @param at when, in milliseconds since 1970
     */
    synchronized void seen(String subtree, String name, String topic, long at) {
        if (name.length() > MAX_NAME) {
            return;
        }
        String key = PREFIX + subtree + "/" + name;
        Device d = devices.get(key);
        if (d == null) {
            if (devices.size() >= MAX_DEVICES) {
                devices.values().stream()
                        .min(Comparator.comparingLong(x -> x.lastSeen))
                        .ifPresent(old -> {
                            devices.remove(old.key());
                            deleteQuietly(old.key());
                        });
            }
            d = new Device(subtree, name, at, topic);
            devices.put(key, d);
        }
        d.lastSeen = Math.max(d.lastSeen, at);
        d.lastTopic = topic;
        d.dirty = true;
    }

    /**
     * Lists the devices below some subtrees, most recently seen first.
     *
     * @param subtrees the caller's granted subtrees
     * @return the devices as JSON objects
     */
    synchronized List<Map<String, Object>> list(Set<String> subtrees) {
        List<Device> out = new ArrayList<>();
        for (Device d : devices.values()) {
            if (subtrees.contains(d.subtree)) {
                out.add(d);
            }
        }
        out.sort(
                Comparator.comparingLong((Device d) -> d.lastSeen)
                        .reversed()
                        .thenComparing(d -> d.subtree + "/" + d.name));
        return out.stream().map(Device::toJson).toList();
    }

    /**
     * Forgets a device in some subtrees (it is listed again when it next publishes).
     *
     * @param subtrees the caller's granted subtrees
     * @param name the device
     * @return whether a device was forgotten
     */
    synchronized boolean forget(Set<String> subtrees, String name) throws StorageException {
        boolean removed = false;
        for (String s : subtrees) {
            Device d = devices.remove(PREFIX + s + "/" + name);
            if (d != null) {
                scope.delete(d.key());
                removed = true;
            }
        }
        return removed;
    }

    /** Writes the devices that changed since the last flush. */
    void flush() {
        List<Device> dirty;
        synchronized (this) {
            dirty = devices.values().stream().filter(d -> d.dirty).toList();
            dirty.forEach(d -> d.dirty = false);
        }
        for (Device d : dirty) {
            byte[] json;
            synchronized (this) {
                json = Json.write(d.toJson()).getBytes(StandardCharsets.UTF_8);
            }
            try {
                scope.put(d.key(), json);
            } catch (StorageException | RuntimeException e) {
                synchronized (this) {
                    d.dirty = true;
                }
                LOG.log(
                        System.Logger.Level.WARNING,
                        "cannot store the device " + d.key() + ": " + e.getMessage());
                return;
            }
        }
    }

    private void deleteQuietly(String key) {
        try {
            scope.delete(key);
        } catch (StorageException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot delete " + key + ": " + e.getMessage());
        }
    }
}
