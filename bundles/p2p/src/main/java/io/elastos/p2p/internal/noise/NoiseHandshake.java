// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.noise;

import io.elastos.api.identity.NodeIdentity;
import io.elastos.api.p2p.PeerId;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * The {@code Noise_XX_25519_ChaChaPoly_SHA256} handshake as the libp2p noise spec profiles it
 * (protocol id {@code /noise}): three messages, each with a 2-byte big-endian length prefix,
 *
 * <pre>
 * -> e
 * <- e, ee, s, es   + responder's payload
 * -> s, se          + initiator's payload
 * </pre>
 *
 * <p>The payloads carry each side's libp2p identity key and its signature over the Noise static
 * key, which is what turns an anonymous Diffie-Hellman into an authenticated peer id.
 */
public final class NoiseHandshake {

    /** The protocol id negotiated with multistream-select. */
    public static final String PROTOCOL = "/noise";

    private static final int DH_LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final NodeIdentity identity;
    private final X25519PrivateKeyParameters staticKey;
    private final byte[] staticPublic;

    /**
     * Creates a handshaker for one identity.
     *
     * @param identity the local Ed25519 identity that signs the static key
     * @param staticKey the local Noise static key; one per process is enough
     */
    public NoiseHandshake(NodeIdentity identity, X25519PrivateKeyParameters staticKey) {
        this.identity = identity;
        this.staticKey = staticKey;
        this.staticPublic = staticKey.generatePublicKey().getEncoded();
    }

    /**
     * Makes a fresh static key.
     *
     * @return a random X25519 private key
     */
    public static X25519PrivateKeyParameters newStaticKey() {
        return new X25519PrivateKeyParameters(RANDOM);
    }

    /**
     * Runs the handshake as the initiator (the side that dialed).
     *
     * @param in the raw stream from the peer
     * @param out the raw stream to the peer
     * @param expected the peer id the remote must prove, or {@code null} to accept any
     * @return the encrypted channel and the authenticated remote peer id
     * @throws ProtocolException if the peer breaks the protocol, fails authentication or is not the
     *     expected peer
     * @throws IOException if the stream fails
     */
    public SecureChannel initiate(InputStream in, OutputStream out, PeerId expected)
            throws IOException {
        SymmetricState state = new SymmetricState();
        state.mixHash(new byte[0]); // empty prologue
        X25519PrivateKeyParameters ephemeral = new X25519PrivateKeyParameters(RANDOM);
        byte[] ephemeralPublic = ephemeral.generatePublicKey().getEncoded();

        state.mixHash(ephemeralPublic);
        writeFrame(out, concat(ephemeralPublic, state.encryptAndHash(new byte[0])));

        byte[] message2 = readFrame(in);
        int sLength = DH_LENGTH + CipherState.TAG_LENGTH;
        if (message2.length < DH_LENGTH + sLength + CipherState.TAG_LENGTH) {
            throw new ProtocolException("noise message 2 too short: " + message2.length);
        }
        byte[] remoteEphemeral = Arrays.copyOfRange(message2, 0, DH_LENGTH);
        state.mixHash(remoteEphemeral);
        state.mixKey(dh(ephemeral, remoteEphemeral));
        byte[] remoteStatic =
                state.decryptAndHash(Arrays.copyOfRange(message2, DH_LENGTH, DH_LENGTH + sLength));
        state.mixKey(dh(ephemeral, remoteStatic));
        byte[] payload =
                state.decryptAndHash(
                        Arrays.copyOfRange(message2, DH_LENGTH + sLength, message2.length));
        PeerId remote = HandshakePayload.verify(payload, remoteStatic);
        if (expected != null && !expected.equals(remote)) {
            throw new ProtocolException("dialed " + expected + " but the peer proved " + remote);
        }

        byte[] encryptedStatic = state.encryptAndHash(staticPublic);
        state.mixKey(dh(staticKey, remoteEphemeral));
        byte[] encryptedPayload =
                state.encryptAndHash(HandshakePayload.create(identity, staticPublic));
        writeFrame(out, concat(encryptedStatic, encryptedPayload));

        CipherState[] ciphers = state.split();
        return new SecureChannel(in, out, ciphers[1], ciphers[0], remote);
    }

    /**
     * Runs the handshake as the responder (the side that accepted).
     *
     * @param in the raw stream from the peer
     * @param out the raw stream to the peer
     * @return the encrypted channel and the authenticated remote peer id
     * @throws ProtocolException if the peer breaks the protocol or fails authentication
     * @throws IOException if the stream fails
     */
    public SecureChannel respond(InputStream in, OutputStream out) throws IOException {
        SymmetricState state = new SymmetricState();
        state.mixHash(new byte[0]);

        byte[] message1 = readFrame(in);
        if (message1.length < DH_LENGTH) {
            throw new ProtocolException("noise message 1 too short: " + message1.length);
        }
        byte[] remoteEphemeral = Arrays.copyOfRange(message1, 0, DH_LENGTH);
        state.mixHash(remoteEphemeral);
        state.decryptAndHash(Arrays.copyOfRange(message1, DH_LENGTH, message1.length));

        X25519PrivateKeyParameters ephemeral = new X25519PrivateKeyParameters(RANDOM);
        byte[] ephemeralPublic = ephemeral.generatePublicKey().getEncoded();
        state.mixHash(ephemeralPublic);
        state.mixKey(dh(ephemeral, remoteEphemeral));
        byte[] encryptedStatic = state.encryptAndHash(staticPublic);
        state.mixKey(dh(staticKey, remoteEphemeral));
        byte[] encryptedPayload =
                state.encryptAndHash(HandshakePayload.create(identity, staticPublic));
        writeFrame(out, concat(ephemeralPublic, encryptedStatic, encryptedPayload));

        byte[] message3 = readFrame(in);
        int sLength = DH_LENGTH + CipherState.TAG_LENGTH;
        if (message3.length < sLength + CipherState.TAG_LENGTH) {
            throw new ProtocolException("noise message 3 too short: " + message3.length);
        }
        byte[] remoteStatic = state.decryptAndHash(Arrays.copyOfRange(message3, 0, sLength));
        state.mixKey(dh(ephemeral, remoteStatic));
        byte[] payload =
                state.decryptAndHash(Arrays.copyOfRange(message3, sLength, message3.length));
        PeerId remote = HandshakePayload.verify(payload, remoteStatic);

        CipherState[] ciphers = state.split();
        return new SecureChannel(in, out, ciphers[0], ciphers[1], remote);
    }

    private static byte[] dh(X25519PrivateKeyParameters local, byte[] remotePublic)
            throws ProtocolException {
        X25519Agreement agreement = new X25519Agreement();
        agreement.init(local);
        byte[] shared = new byte[agreement.getAgreementSize()];
        try {
            agreement.calculateAgreement(new X25519PublicKeyParameters(remotePublic, 0), shared, 0);
        } catch (IllegalStateException e) {
            // Bouncy Castle refuses low-order points, whose shared secret is all zeros.
            throw new ProtocolException("noise peer sent a low-order X25519 key");
        }
        return shared;
    }

    static byte[] readFrame(InputStream in) throws IOException {
        int hi = in.read();
        int lo = in.read();
        if (hi < 0 || lo < 0) {
            throw new EOFException("stream ended during the noise handshake");
        }
        int length = (hi << 8) | lo;
        byte[] frame = in.readNBytes(length);
        if (frame.length != length) {
            throw new EOFException("stream ended inside a noise handshake message");
        }
        return frame;
    }

    private static void writeFrame(OutputStream out, byte[] message) throws IOException {
        if (message.length > SecureChannel.MAX_FRAME) {
            throw new IllegalStateException("noise handshake message too long");
        }
        byte[] frame = new byte[2 + message.length];
        frame[0] = (byte) (message.length >>> 8);
        frame[1] = (byte) message.length;
        System.arraycopy(message, 0, frame, 2, message.length);
        out.write(frame);
        out.flush();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int offset = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, offset, p.length);
            offset += p.length;
        }
        return out;
    }
}
