// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal;

import io.elastos.api.identity.AdminToken;
import io.elastos.api.node.NodeProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The admin token in {@code run/admin.token}, made on first start with 256 random bits. */
@Component(service = AdminToken.class, immediate = true)
public class LocalAdminToken implements AdminToken {

    static final String FILE = "run/admin.token";

    private Path file;
    private byte[] token;

    @Activate
    void activate(BundleContext context) throws IOException {
        open(NodeProperties.dataDirectory(context::getProperty).resolve(FILE));
    }

    void open(Path path) throws IOException {
        file = path;
        if (!Files.exists(path)) {
            Files.createDirectories(path.getParent());
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String text = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Path tmp = path.resolveSibling("admin.token.tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(
                    tmp,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
            Files.writeString(
                    tmp, text + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
            Files.move(tmp, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        String text = Files.readString(path, StandardCharsets.US_ASCII).trim();
        if (text.length() < 32) {
            throw new IOException(
                    "the admin token file " + path + " is damaged; delete it and restart the node");
        }
        token = text.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public boolean verify(String presented) {
        if (presented == null || token == null) {
            return false;
        }
        return MessageDigest.isEqual(token, presented.trim().getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public Path file() {
        return file;
    }
}
