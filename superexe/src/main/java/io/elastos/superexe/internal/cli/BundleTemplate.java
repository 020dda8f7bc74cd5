// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * What {@code elastos bundle new SYMBOLIC-NAME} writes: a Maven project (from {@code
 * examples/bundle-template/}, built into this jar) with a DS component providing a mini-app
 * capability, a unit test, an in-node test on the test kit, and release signing, filled in for the
 * symbolic name and this node's API version.
 */
final class BundleTemplate {

    static final Pattern SYMBOLIC_NAME = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)+");

    private final String bsn;

    BundleTemplate(String bsn) {
        if (!SYMBOLIC_NAME.matcher(bsn).matches() || bsn.length() > 100) {
            throw new IllegalArgumentException(
                    "a bundle symbolic name is lowercase, dotted and at least two segments, like"
                            + " com.example.greeter");
        }
        this.bsn = bsn;
    }

    /**
     * The capability the sample provides: the name's last two segments, such as example.greeter.
     */
    String capability() {
        String[] s = bsn.split("\\.");
        String cap = s[s.length - 2] + "." + s[s.length - 1];
        // The node's own namespaces cannot be provided by a bundle.
        return io.elastos.api.runtime.HostCapabilityProvider.RESERVED_NAMESPACES.contains(
                        s[s.length - 2])
                ? "ext." + cap
                : cap;
    }

    /** Writes the project into {@code dir}; answers the files written, relative. */
    List<String> write(Path dir) throws IOException {
        String pkg = bsn;
        String version = nodeVersion();
        List<String> written = new ArrayList<>();
        for (String path : ProjectTemplate.index("bundle")) {
            String target =
                    path.replace("__PACKAGE_PATH__", pkg.replace('.', '/'))
                            .replace("gitignore", ".gitignore");
            String text = new String(ProjectTemplate.file("bundle", path), StandardCharsets.UTF_8);
            text =
                    text.replace("__PACKAGE_PATH__", pkg.replace('.', '/'))
                            .replace("__PACKAGE__", pkg)
                            .replace("__GROUP__", bsn.substring(0, bsn.lastIndexOf('.')))
                            .replace("__BSN__", bsn)
                            .replace("__CAPABILITY_PREFIX__", capability().replace('.', '_'))
                            .replace("__CAPABILITY__", capability())
                            .replace("__ELASTOS_VERSION__", version);
            Path file = dir.resolve(target);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, java.nio.file.StandardOpenOption.CREATE_NEW);
            written.add(target);
        }
        return written;
    }

    /** The node's own version, which the project's API dependency names. */
    static String nodeVersion() throws IOException {
        try (InputStream in =
                BundleTemplate.class.getResourceAsStream("templates/node-version.properties")) {
            if (in == null) {
                throw new IOException("the node's version is not in this build");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        }
    }
}
