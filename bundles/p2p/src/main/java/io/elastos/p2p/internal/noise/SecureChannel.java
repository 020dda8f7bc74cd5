// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.noise;

import io.elastos.api.p2p.PeerId;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The transport phase of a Noise session: a byte stream cut into frames of at most 65535 bytes of
 * ciphertext, each a 2-byte big-endian length followed by ChaChaPoly output with empty associated
 * data. A frame that fails authentication ends the channel with an exception.
 *
 * <p>The input side is for one reader thread and the output side for one writer thread at a time;
 * the Yamux session above guarantees both.
 */
public final class SecureChannel {

    /** The largest ciphertext frame the 2-byte length allows. */
    public static final int MAX_FRAME = 0xFFFF;

    /** The largest plaintext per frame. */
    public static final int MAX_PLAINTEXT = MAX_FRAME - CipherState.TAG_LENGTH;

    private final PeerId remotePeer;
    private final InputStream input;
    private final OutputStream output;

    SecureChannel(
            InputStream rawIn,
            OutputStream rawOut,
            CipherState receive,
            CipherState send,
            PeerId remotePeer) {
        this.remotePeer = remotePeer;
        this.input = new DecryptingInput(rawIn, receive);
        this.output = new EncryptingOutput(rawOut, send);
    }

    /**
     * Returns the peer id the remote side proved in the handshake.
     *
     * @return the authenticated remote peer id
     */
    public PeerId remotePeer() {
        return remotePeer;
    }

    /**
     * Returns the decrypted stream from the peer.
     *
     * @return the plaintext input
     */
    public InputStream input() {
        return input;
    }

    /**
     * Returns the encrypting stream to the peer; data is sent on {@code flush()} or when a frame is
     * full.
     *
     * @return the plaintext output
     */
    public OutputStream output() {
        return output;
    }

    private static final class DecryptingInput extends InputStream {
        private final InputStream raw;
        private final CipherState cipher;
        private byte[] plaintext = new byte[0];
        private int position;
        private boolean eof;

        DecryptingInput(InputStream raw, CipherState cipher) {
            this.raw = raw;
            this.cipher = cipher;
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return plaintext[position++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, plaintext.length - position);
            System.arraycopy(plaintext, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            return plaintext.length - position;
        }

        /** Reads frames until there is plaintext; false at a clean end between frames. */
        private boolean fill() throws IOException {
            while (position == plaintext.length) {
                if (eof) {
                    return false;
                }
                int hi = raw.read();
                if (hi < 0) {
                    eof = true;
                    return false;
                }
                int lo = raw.read();
                if (lo < 0) {
                    throw new EOFException("stream ended inside a noise frame header");
                }
                int length = (hi << 8) | lo;
                byte[] frame = raw.readNBytes(length);
                if (frame.length != length) {
                    throw new EOFException("stream ended inside a noise frame");
                }
                plaintext = cipher.decryptWithAd(new byte[0], frame);
                position = 0;
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }

    private static final class EncryptingOutput extends OutputStream {
        private final OutputStream raw;
        private final CipherState cipher;
        private final byte[] buffer = new byte[MAX_PLAINTEXT];
        private int count;

        EncryptingOutput(OutputStream raw, CipherState cipher) {
            this.raw = raw;
            this.cipher = cipher;
        }

        @Override
        public void write(int b) throws IOException {
            if (count == buffer.length) {
                emit();
            }
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (count == buffer.length) {
                    emit();
                }
                int n = Math.min(len, buffer.length - count);
                System.arraycopy(b, off, buffer, count, n);
                count += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            if (count > 0) {
                emit();
            }
            raw.flush();
        }

        private void emit() throws IOException {
            byte[] ciphertext =
                    cipher.encryptWithAd(new byte[0], java.util.Arrays.copyOf(buffer, count));
            byte[] frame = new byte[2 + ciphertext.length];
            frame[0] = (byte) (ciphertext.length >>> 8);
            frame[1] = (byte) ciphertext.length;
            System.arraycopy(ciphertext, 0, frame, 2, ciphertext.length);
            raw.write(frame);
            count = 0;
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }
}
