// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.superexe.VerificationException;
import io.elastos.api.superexe.VerificationException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every generated hostile package is refused with the expected reason and a message naming why. */
class HostilePackagesTest {
    @TempDir Path dir;

    static List<Hostile> packages() {
        List<Hostile> all = new ArrayList<>();
        Hostile.Collector c = new Hostile.Collector(all);
        HostileArchives.generate(c);
        HostileManifests.generate(c);
        HostileContent.generate(c);
        return all;
    }

    static Stream<Hostile> cases() {
        return packages().stream();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void isRefused(Hostile h) throws IOException {
        Path file = dir.resolve("hostile.wapp");
        Files.write(file, h.bytes().get());
        TreeSet<String> before = listing();
        VerificationException e =
                assertThrows(
                        VerificationException.class,
                        () -> new PackageReader(h.limits()).read(file));
        assertEquals(h.reason(), e.reason(), () -> h.label() + ": " + e.getMessage());
        assertTrue(
                Pattern.compile(h.cause(), Pattern.CASE_INSENSITIVE).matcher(e.getMessage()).find(),
                () ->
                        h.label()
                                + ": message '"
                                + e.getMessage()
                                + "' does not match /"
                                + h.cause()
                                + "/");
        // The reader only reads: nothing appears next to the package, and it is unchanged.
        assertEquals(before, listing());
        assertEquals(h.bytes().get().length, Files.size(file));
    }

    @Test
    void atLeastTwoHundredHostilePackagesCoverEveryPackageReason() {
        List<Hostile> all = packages();
        Map<Reason, Integer> byReason = new EnumMap<>(Reason.class);
        all.forEach(h -> byReason.merge(h.reason(), 1, Integer::sum));
        System.out.println("hostile packages: " + all.size() + " " + byReason);
        assertTrue(all.size() >= 200, "only " + all.size() + " hostile packages");
        for (Reason r : Reason.values()) {
            if (r != Reason.UNTRUSTED_PUBLISHER && r != Reason.REVOKED) {
                assertTrue(byReason.containsKey(r), "no hostile package for " + r);
            }
        }
    }

    private TreeSet<String> listing() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(Path::toString).collect(TreeSet::new, TreeSet::add, TreeSet::addAll);
        }
    }
}
