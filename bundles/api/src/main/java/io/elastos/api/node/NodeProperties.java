// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.node;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** Names of the framework properties through which the launcher describes the node to bundles. */
public final class NodeProperties {

    /** Absolute path of the node's data directory. */
    public static final String DATA_DIRECTORY = "elastos.data";

    /** The node's release version. */
    public static final String VERSION = "elastos.version";

    private NodeProperties() {}

    /**
     * Resolves the data directory from the framework properties, defaulting to {@code ~/.elastos}
     * when the launcher set none (as in a bare test framework).
     *
     * @param properties looks up a framework property, such as {@code BundleContext::getProperty}
     * @return the data directory
     */
    public static Path dataDirectory(UnaryOperator<String> properties) {
        String dir = properties.apply(DATA_DIRECTORY);
        return dir != null && !dir.isBlank()
                ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".elastos");
    }
}
