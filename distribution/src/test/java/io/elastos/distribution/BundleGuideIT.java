// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle developer guide ({@code docs/developers/bundles.md}) works as written: {@code elastos
 * bundle new}, a Maven build with its unit test, a signing key and the jarsigner plugin, trust, a
 * signed hot deploy, and the new capability offered by the running node.
 */
class BundleGuideIT {
    private static final Path GUIDE = Path.of("..", "docs", "developers", "bundles.md");

    @TempDir Path tmp;

    @Test
    void theGuidesCommandsDeployABundleWhoseCapabilityTheNodeOffers() throws Exception {
        GuideScript guide = new GuideScript(GUIDE, 5);
        guide.run(tmp.resolve("home"), tmp, 15);
        String out = guide.output;
        assertTrue(out.contains("created com.example.greeter"), out);
        assertTrue(
                out.contains("Tests run: 2, Failures: 0")
                        || out.contains("target/com.example.greeter-1.0.0.jar"),
                out);
        assertTrue(out.contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0"), out);
        assertTrue(out.contains("trusted CN=Example Greeter Developer"), out);
        assertTrue(out.contains("deployed com.example.greeter 1.0.0"), out);
        assertTrue(out.contains("\"capability\":\"example.greeter\""), out);
        assertTrue(out.contains("greet people by name"), out);
        assertTrue(
                out.contains("\"greeting\":\"Hello from com.example.greeter\",\"role\":\"owner\""),
                out);
        assertTrue(out.contains("without a session: HTTP 401"), out);
        int created = guide.indexOf("elastos bundle new");
        int deployed = guide.indexOf("elastos bundle deploy");
        System.out.printf(
                "bundle guide: from 'elastos bundle new' to the capability on the node in %.1f s%n",
                (guide.startedAt[deployed + 1] - guide.startedAt[created]) / 1000.0);
    }
}
