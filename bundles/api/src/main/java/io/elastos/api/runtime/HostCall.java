// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.runtime;

import java.util.List;
import java.util.Objects;

/**
 * One call of a {@link HostCapabilityProvider}'s function.
 *
 * @param appId the calling app
 * @param caller the user the app is serving, as the app's call received it
 * @param arguments the arguments of the app's grants of this capability, such as {@code
 *     home.thermostat} for a grant of {@code iot.mqtt:home.thermostat}; empty when the grant has
 *     none (the provider decides what a bare grant allows)
 */
public record HostCall(String appId, CallContext caller, List<String> arguments) {

    public HostCall {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(caller, "caller");
        arguments = List.copyOf(arguments);
    }
}
