// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.elastos.api.runtime.Capability;
import io.elastos.api.runtime.HostCall;
import io.elastos.api.runtime.HostCapabilityProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which granted capabilities lack a provider: never the node's own, gone when one returns. */
class CapabilitiesServletTest {

    static HostCapabilityProvider provider(String name) {
        return new HostCapabilityProvider() {
            @Override
            public String capability() {
                return name;
            }

            @Override
            public String description() {
                return "test";
            }

            @Override
            public Map<String, String> functions() {
                return Map.of();
            }

            @Override
            public byte[] call(String function, HostCall call, byte[] input) {
                return null;
            }
        };
    }

    @Test
    void missingProvidersFollowTheBundlesComingAndGoing() {
        CapabilitiesServlet s = new CapabilitiesServlet();
        List<Capability> granted =
                List.of(
                        Capability.of("storage.kv"),
                        Capability.of("iot.mqtt:home.thermostat"),
                        Capability.of("example.greeter"));
        assertEquals(List.of("iot.mqtt", "example.greeter"), s.missing(granted));
        HostCapabilityProvider mqtt = provider("iot.mqtt");
        s.addProvider(mqtt);
        assertEquals(List.of("example.greeter"), s.missing(granted));
        s.removeProvider(mqtt);
        assertEquals(List.of("iot.mqtt", "example.greeter"), s.missing(granted));
    }
}
