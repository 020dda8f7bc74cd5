// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.apps;

import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.SandboxException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Calls the running version (the head) of an installed app. During an update, calls that started on
 * the old version finish on it; new calls go to the new one.
 */
@ProviderType
public interface AppCalls {

    /**
     * Calls an exported plug-in function of an app's head version.
     *
     * @param appId the app
     * @param function the exported function
     * @param input the input bytes
     * @param context who the call runs for
     * @return the output
     * @throws SandboxException if the call fails; {@link SandboxException.Kind#BUSY} when the app's
     *     queue is full
     * @throws IllegalStateException if the app is not installed or is suspended
     */
    byte[] call(String appId, String function, byte[] input, CallContext context)
            throws SandboxException;

    /**
     * Reads a static UI file of an app's head version.
     *
     * @param appId the app
     * @param path the file's path inside the package, such as {@code ui/index.html}
     * @return the file's bytes, or null if the package has no such file
     */
    byte[] uiFile(String appId, String path);
}
