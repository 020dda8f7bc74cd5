package __PACKAGE__;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.testkit.TestNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The built bundle on a real node: signed, deployed hot, its capability offered to apps. */
class GreeterInNodeIT {

    @Test
    void theNodeOffersTheCapabilityOnceTheBundleIsDeployed() throws Exception {
        try (TestNode node = TestNode.start()) {
            node.deploy(Path.of(System.getProperty("bundle.jar")));
            String caps = node.get("/api/node/capabilities");
            assertTrue(caps.contains("\"capability\":\"__CAPABILITY__\""), caps);
            assertTrue(caps.contains("greet people by name"), caps);
        }
    }
}
