// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.runtime;

import java.util.Map;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A bundle's extension of the mini-app sandbox: a namespace of host functions under one capability
 * that apps request in their manifest and the owner grants at install (the {@link #description()}
 * is what the owner reads then). Register it as an OSGi service; the runtime picks it up and drops
 * it as the bundle comes and goes.
 *
 * <p>An app imports the function {@code f} of the capability {@code iot.mqtt} as {@code iot_mqtt_f}
 * from the module {@code extism:host/user}, with the signature {@code (i64) -> i64}: one kernel
 * block of input bytes in, one of output bytes out (0 for none). A call arriving while no provider
 * is registered (its bundle is being updated, say) waits up to {@link #WAIT_MILLIS} within the
 * call's deadline for one to return, then fails with {@link SandboxException.Kind#HOST_ERROR}.
 *
 * <p>The runtime checks the grant before calling; a provider still checks what the {@link
 * HostCall#arguments() arguments} of the grant allow (which topics, which devices) and treats the
 * input as untrusted.
 */
@ConsumerType
public interface HostCapabilityProvider {

    /** The first segments of the node's own capabilities, which no bundle may provide. */
    Set<String> RESERVED_NAMESPACES =
            Set.of("storage", "files", "identity", "p2p", "net", "log", "http", "license");

    /** How long a call waits for a missing provider to come back. */
    long WAIT_MILLIS = 10_000;

    /**
     * Names the capability, lowercase and dotted like {@code iot.mqtt}; it must not be one of the
     * node's own ({@code storage}, {@code files}, {@code identity}, {@code p2p}, {@code net},
     * {@code log}).
     *
     * @return the capability name, without an argument
     */
    String capability();

    /**
     * Describes the capability for the owner's consent.
     *
     * @return one sentence, such as "publish and receive messages on the MQTT topics you allow"
     */
    String description();

    /**
     * Lists the functions.
     *
     * @return function names ({@code [a-z][a-z0-9_]*}) and a one-line description of their input
     *     and output
     */
    Map<String, String> functions();

    /**
     * Runs one function for one app call.
     *
     * @param function a name from {@link #functions()}
     * @param call who calls, and what the owner granted
     * @param input the input bytes (never null; untrusted)
     * @return the output bytes, or null for none
     * @throws Exception to fail the app's call with the exception's message
     */
    byte[] call(String function, HostCall call, byte[] input) throws Exception;
}
