package __PACKAGE__;

import io.elastos.api.runtime.HostCall;
import io.elastos.api.runtime.HostCapabilityProvider;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * A capability for mini-apps: an app whose manifest requests "__CAPABILITY__" (and whose owner
 * granted it) imports {@code __CAPABILITY_PREFIX___greet} from "extism:host/user" and gets a
 * greeting for the name it passes.
 */
@Component
public class GreeterCapability implements HostCapabilityProvider {

    static final int MAX_NAME = 100;

    @Override
    public String capability() {
        return "__CAPABILITY__";
    }

    @Override
    public String description() {
        return "greet people by name";
    }

    @Override
    public Map<String, String> functions() {
        return Map.of("greet", "a name (UTF-8) in, a greeting out");
    }

    @Override
    public byte[] call(String function, HostCall call, byte[] input) {
        // The input comes from app code: bound it and never trust its content.
        String name = new String(input, StandardCharsets.UTF_8).strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new IllegalArgumentException("a name of 1 to " + MAX_NAME + " characters");
        }
        return ("Hello, " + name + ", from " + call.appId() + "!").getBytes(StandardCharsets.UTF_8);
    }
}
