// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.install;

import io.elastos.api.runtime.Capability;
import io.elastos.api.runtime.ModuleSpec;
import io.elastos.api.superexe.AppManifest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A verified package's contents as the installer uses them: the module spec and the UI files. */
final class LoadedPackage {

    private LoadedPackage() {}

    static ModuleSpec spec(AppManifest m, Map<String, byte[]> files, Set<Capability> granted) {
        return new ModuleSpec(
                m.id() + "@" + m.version(),
                m.id(),
                files.get(m.entry()),
                granted,
                m.limits(),
                Map.of(),
                ModuleSpec.DEFAULT_CONCURRENCY,
                ModuleSpec.DEFAULT_QUEUE,
                m.capabilities().stream()
                        .filter(c -> !granted.contains(c))
                        .collect(Collectors.toUnmodifiableSet()));
    }

    /** The files under the manifest's UI folder, keyed by their path inside that folder. */
    static Map<String, byte[]> uiFiles(AppManifest m, Map<String, byte[]> files) {
        Map<String, byte[]> ui = new LinkedHashMap<>();
        if (m.ui() == null) {
            return ui;
        }
        String folder = m.ui().endsWith("/") ? m.ui() : m.ui() + "/";
        files.forEach((path, bytes) -> {
            if (path.startsWith(folder)) {
                ui.put(path.substring(folder.length()), bytes);
            }
        });
        return ui;
    }
}
