// SPDX-License-Identifier: Apache-2.0
package io.elastos.example.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicRulesTest {

    @Test
    void argumentsNameSubtrees() {
        assertEquals(List.of("home", "thermostat"), TopicRules.argumentLevels("home.thermostat"));
        assertEquals(List.of("a-b", "c_d", "E9"), TopicRules.argumentLevels("a-b.c_d.E9"));
        for (String bad :
                new String[] {"", "*", "home.*", "a..b", ".a", "a.", "a b", "a/b", "a+"}) {
            assertNull(TopicRules.argumentLevels(bad), bad);
        }
        TopicRules r = TopicRules.of(List.of("home.thermostat", "garden", "home.*"));
        assertEquals(List.of("home/thermostat", "garden"), r.subtrees());
        assertEquals(List.of("home.*"), r.refused());
        assertTrue(TopicRules.of(List.of()).allowsNothing());
        assertTrue(TopicRules.of(List.of("*")).allowsNothing());
    }

    @Test
    void publishStaysInTheSubtree() {
        TopicRules r = TopicRules.of(List.of("home.thermostat"));
        assertDoesNotThrow(() -> r.checkPublish("home/thermostat"));
        assertDoesNotThrow(() -> r.checkPublish("home/thermostat/living/set"));
        assertDoesNotThrow(() -> r.checkPublish("home/thermostat/wohnzimmer ü/set"));
        for (String bad :
                new String[] {
                    "home/door/x",
                    "home/thermostatx",
                    "home",
                    "home/thermostat/+",
                    "home/thermostat/#",
                    "home/thermostat/a+b",
                    "home/thermostat//x",
                    "",
                    "/home/thermostat",
                    "home/thermostat/",
                    "$SYS/x",
                    "home/thermostat/\u0007",
                    "home/thermostat/" + "x".repeat(241),
                    "home/thermostat/\ud800",
                }) {
            assertThrows(IllegalArgumentException.class, () -> r.checkPublish(bad), bad);
        }
        assertDoesNotThrow(() -> r.checkPublish("home/thermostat/" + "x".repeat(240)));
        assertThrows(
                IllegalArgumentException.class,
                () -> TopicRules.of(List.of()).checkPublish("home/thermostat/a"));
    }

    @Test
    void filtersUseWildcardsOnlyBelowTheSubtree() {
        TopicRules r = TopicRules.of(List.of("home.thermostat"));
        for (String ok :
                new String[] {
                    "home/thermostat",
                    "home/thermostat/#",
                    "home/thermostat/+/reading",
                    "home/thermostat/+/+",
                    "home/thermostat/a/#",
                }) {
            assertDoesNotThrow(() -> r.checkFilter(ok), ok);
        }
        for (String bad :
                new String[] {
                    "#",
                    "+",
                    "home/#",
                    "home/+/reading",
                    "+/thermostat/#",
                    "home/thermostat/#/x",
                    "home/thermostat/a#",
                    "home/thermostat/+a",
                    "home/door/#",
                    "home/thermostat//#",
                }) {
            assertThrows(IllegalArgumentException.class, () -> r.checkFilter(bad), bad);
        }
    }

    @Test
    void mqttMatching() {
        assertTrue(TopicRules.matches("a/+/c", "a/b/c"));
        assertFalse(TopicRules.matches("a/+/c", "a/b/c/d"));
        assertFalse(TopicRules.matches("a/+/c", "a/c"));
        assertTrue(TopicRules.matches("a/#", "a"));
        assertTrue(TopicRules.matches("a/#", "a/b/c"));
        assertFalse(TopicRules.matches("a/#", "ab/c"));
        assertTrue(TopicRules.matches("a/b", "a/b"));
        assertFalse(TopicRules.matches("a/b", "a/b/c"));
        assertTrue(TopicRules.matches("#", "x/y"));
        assertFalse(TopicRules.matches("#", "$SYS/x"));
        assertFalse(TopicRules.matches("+/x", "$SYS/x"));
    }

    @Test
    void devicesAreTheLevelBelowTheSubtree() {
        TopicRules r = TopicRules.of(List.of("home.thermostat", "home"));
        List<String[]> d = r.devicesOf("home/thermostat/living/reading");
        assertEquals(2, d.size());
        assertEquals(List.of("home/thermostat", "living"), List.of(d.get(0)));
        assertEquals(List.of("home", "thermostat"), List.of(d.get(1)));
        assertEquals(
                0, TopicRules.of(List.of("home.thermostat")).devicesOf("home/thermostat").size());
    }
}
