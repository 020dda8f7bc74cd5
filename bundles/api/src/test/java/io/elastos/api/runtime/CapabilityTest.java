// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CapabilityTest {

    @Test
    void namesAreLowercaseDottedSegments() {
        assertEquals("storage.kv", Capability.of("storage.kv").toString());
        Capability.of("http");
        Capability.of("iot.mqtt_v5");
        for (String bad :
                new String[] {
                    "", "Storage", "storage.", ".kv", "storage..kv", "1http", "a.2b", "a b"
                }) {
            assertThrows(IllegalArgumentException.class, () -> Capability.of(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Capability.of("a".repeat(129)));
    }

    @Test
    void aCapabilityCoversItselfAndTheNamesBelowIt() {
        Capability storage = Capability.of("storage");
        assertTrue(storage.covers(Capability.of("storage")));
        assertTrue(storage.covers(Capability.of("storage.kv")));
        assertTrue(storage.covers(Capability.of("storage.kv.read")));
        assertFalse(storage.covers(Capability.of("storagex")));
        assertFalse(storage.covers(Capability.of("http")));
        assertFalse(Capability.of("storage.kv").covers(storage));
    }

    @Test
    void limitsAreInRangeAndInWholePages() {
        ResourceLimits limits = new ResourceLimits(1 << 20, Duration.ofSeconds(2), 1024);
        assertEquals(16, limits.memoryPages());
        assertEquals(65536, new ResourceLimits(4L << 30, Duration.ofSeconds(1), 1).memoryPages());
        assertEquals(1024, ResourceLimits.DEFAULT.memoryPages());

        Duration s = Duration.ofSeconds(1);
        assertThrows(IllegalArgumentException.class, () -> new ResourceLimits(0, s, 1));
        assertThrows(IllegalArgumentException.class, () -> new ResourceLimits(65537, s, 1));
        assertThrows(
                IllegalArgumentException.class, () -> new ResourceLimits((4L << 30) + 65536, s, 1));
        assertThrows(
                IllegalArgumentException.class, () -> new ResourceLimits(65536, Duration.ZERO, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> new ResourceLimits(65536, Duration.ofMinutes(11), 1));
        assertThrows(IllegalArgumentException.class, () -> new ResourceLimits(65536, s, 0));
        assertThrows(
                IllegalArgumentException.class, () -> new ResourceLimits(65536, s, (1L << 30) + 1));
        assertThrows(NullPointerException.class, () -> new ResourceLimits(65536, null, 1));
    }

    @Test
    void sandboxExceptionsCarryTheirKind() {
        SandboxException e = new SandboxException(SandboxException.Kind.TIMEOUT, "deadline passed");
        assertEquals(SandboxException.Kind.TIMEOUT, e.kind());
    }
}
