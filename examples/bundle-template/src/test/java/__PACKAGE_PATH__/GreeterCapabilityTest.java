package __PACKAGE__;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.HostCall;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GreeterCapabilityTest {

    private final HostCall call =
            new HostCall("org.example.app", new CallContext("did:key:z6Mk", "owner"), List.of());

    @Test
    void greetsTheNameItIsGiven() {
        byte[] out =
                new GreeterCapability().call("greet", call, "Ada".getBytes(StandardCharsets.UTF_8));
        assertEquals("Hello, Ada, from org.example.app!", new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void refusesAnEmptyOrHugeName() {
        GreeterCapability g = new GreeterCapability();
        assertThrows(IllegalArgumentException.class, () -> g.call("greet", call, new byte[0]));
        assertThrows(
                IllegalArgumentException.class,
                () -> g.call("greet", call, "x".repeat(101).getBytes(StandardCharsets.UTF_8)));
    }
}
