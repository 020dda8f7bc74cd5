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
            // Its route answers the owner, and nobody without a session.
            assertTrue(node.get("/ext/__BSN__/hello").contains("Hello from __BSN__"));
            java.net.http.HttpResponse<String> anonymous =
                    java.net.http.HttpClient.newHttpClient()
                            .send(
                                    java.net.http.HttpRequest.newBuilder(
                                                    java.net.URI.create(node.url() + "/ext/__BSN__/hello"))
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertTrue(anonymous.statusCode() == 401, "HTTP " + anonymous.statusCode());
        }
    }
}
