// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal;

import io.elastos.api.identity.NodeIdentity;
import io.elastos.api.node.HealthIndicator;
import io.elastos.api.node.HealthStatus;
import io.elastos.api.node.NodeProperties;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The node's Ed25519 identity, kept in {@code keys/node.key} under the data directory, its private
 * half sealed with the owner's passphrase ({@code ELASTOS_KEY_PASSPHRASE}) or, for unattended boot,
 * with {@code keys/node.secret} (see {@link KeySealing}).
 */
@Component(
        service = {NodeIdentity.class, HealthIndicator.class},
        configurationPid = "io.elastos.identity",
        immediate = true)
public class Ed25519NodeIdentity implements NodeIdentity, HealthIndicator {

    static final String KEY_FILE = "keys/node.key";
    private static final System.Logger LOG = System.getLogger(Ed25519NodeIdentity.class.getName());

    private KeyPair keys;
    private byte[] publicKey;
    private String did;

    @Activate
    void activate(BundleContext context) throws IOException, GeneralSecurityException {
        open(NodeProperties.dataDirectory(context::getProperty).resolve(KEY_FILE));
    }

    /** Opens the key file, sealed with the passphrase in the environment or the secret file. */
    void open(Path keyFile) throws IOException, GeneralSecurityException {
        try (KeySealing sealing = KeySealing.fromEnvironment(keyFile)) {
            open(keyFile, sealing);
        }
    }

    /** Opens the key file with a given sealing, such as a test's passphrase. */
    void open(Path keyFile, KeySealing sealing) throws IOException, GeneralSecurityException {
        keys = NodeKeyFile.loadOrCreate(keyFile, sealing);
        publicKey = NodeKeyFile.raw(keys.getPublic());
        did = DidKey.fromEd25519(publicKey);
        LOG.log(Level.INFO, "node identity {0}", did);
    }

    @Override
    public String did() {
        return did;
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(keys.getPrivate());
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(keys.getPublic());
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public String name() {
        return "identity";
    }

    @Override
    public HealthStatus check() {
        return HealthStatus.up("node key loaded", Map.of("did", did));
    }
}
