// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.sandbox;

import io.elastos.api.runtime.Capability;
import io.elastos.api.runtime.SandboxException;
import io.elastos.runtime.internal.extism.ExtismKernel;
import io.elastos.runtime.internal.host.NodeHostFunctions;
import io.elastos.runtime.internal.wasi.WasiPreview1;
import io.elastos.runtime.internal.wasm.ModuleInfo;
import java.util.Set;

/**
 * Decides, before anything runs, whether a module's imports fit its grant: Extism kernel and WASI
 * functions are always available; node host functions only under their capability; nothing else.
 * The error names the first import that does not fit.
 */
final class ImportPolicy {

    private ImportPolicy() {}

    /**
     * @param granted capabilities whose functions link for real
     * @param denied requested capabilities the owner withheld: their functions link to a refusal
     */
    static void check(ModuleInfo info, Set<Capability> granted, Set<Capability> denied)
            throws SandboxException {
        for (ModuleInfo.Import i : info.imports()) {
            String what = i.module() + "::" + i.name();
            if (i.kind() != ModuleInfo.Kind.FUNCTION) {
                throw new SandboxException(
                        SandboxException.Kind.INVALID_MODULE,
                        "the module imports a "
                                + i.kind().name().toLowerCase()
                                + " ("
                                + what
                                + "); only functions can be imported");
            }
            switch (i.module()) {
                case ExtismKernel.MODULE -> {
                    if (!ExtismKernel.FUNCTIONS.contains(i.name())) {
                        throw new SandboxException(
                                SandboxException.Kind.INVALID_MODULE,
                                "the module imports "
                                        + what
                                        + ", which is not an Extism kernel function");
                    }
                }
                case WasiPreview1.MODULE -> {
                    // Every WASI name links; those outside the subset answer ENOSYS.
                }
                case NodeHostFunctions.MODULE -> {
                    if (!NodeHostFunctions.UNRESTRICTED.contains(i.name())
                            && !NodeHostFunctions.isGranted(i.name(), denied)
                            && NodeHostFunctions.providedCapability(i.name(), denied).isEmpty()) {
                        checkUser(i.name(), what, granted);
                    }
                }
                default ->
                        throw new SandboxException(
                                SandboxException.Kind.CAPABILITY_DENIED,
                                "the module imports " + what + ", which no capability provides");
            }
        }
    }

    private static void checkUser(String name, String what, Set<Capability> granted)
            throws SandboxException {
        String needed = NodeHostFunctions.CAPABILITY_OF.get(name);
        if (needed == null && NodeHostFunctions.providedCapability(name, granted).isPresent()) {
            return; // a function of a granted capability that a bundle provides
        }
        if (needed == null) {
            throw new SandboxException(
                    SandboxException.Kind.CAPABILITY_DENIED,
                    "the module imports " + what + ", which this node does not provide");
        }
        if (!NodeHostFunctions.isGranted(name, granted)) {
            throw new SandboxException(
                    SandboxException.Kind.CAPABILITY_DENIED,
                    "the module imports "
                            + what
                            + ", which needs the capability '"
                            + needed
                            + "', and the app was not granted it");
        }
    }
}
