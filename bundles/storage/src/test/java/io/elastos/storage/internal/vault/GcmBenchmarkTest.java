// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.security.SecureRandom;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures AES-256-GCM throughput of the JDK provider against Bouncy Castle's lightweight API on
 * vault-sized chunks, the measurement behind {@link Gcm} using the JDK. Off by default (it takes
 * about half a minute); run with {@code -Dstorage.bench=true}, optionally {@code
 * -Dstorage.bench.mib=512}.
 */
@EnabledIfSystemProperty(named = "storage.bench", matches = "true")
class GcmBenchmarkTest {

    private static final int CHUNK = 256 * 1024;

    /** 256 MiB per cipher: enough for C2 to compile the hot loops and intrinsics first. */
    private static final int WARM_UP_CHUNKS = 1024;

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void jdkAgainstBouncyCastle() throws Exception {
        int mib = Integer.getInteger("storage.bench.mib", 512);
        int chunks = mib * 1024 * 1024 / CHUNK;
        byte[] key = random(32);
        byte[] plain = random(CHUNK);
        byte[] aad = random(24);
        Impl jdk = new Jdk(key);
        Impl bc = new BouncyCastle(key);
        // Warm both up so HotSpot has compiled them (and the JDK's intrinsics) before timing.
        for (Impl impl : new Impl[] {jdk, bc}) {
            for (int i = 0; i < WARM_UP_CHUNKS; i++) {
                byte[] nonce = random(12);
                assertArrayEquals(plain, impl.decrypt(nonce, aad, impl.encrypt(nonce, aad, plain)));
            }
        }
        for (Impl impl : new Impl[] {jdk, bc}) {
            byte[] nonce = random(12);
            byte[] sealed = impl.encrypt(nonce, aad, plain);
            long start = System.nanoTime();
            for (int i = 0; i < chunks; i++) {
                sealed = impl.encrypt(nonce, aad, plain);
            }
            long encrypt = System.nanoTime() - start;
            start = System.nanoTime();
            for (int i = 0; i < chunks; i++) {
                impl.decrypt(nonce, aad, sealed);
            }
            long decrypt = System.nanoTime() - start;
            System.out.printf(
                    Locale.ROOT,
                    "AES-256-GCM %-13s %d MiB in 256 KiB chunks: encrypt %.0f MB/s, decrypt %.0f"
                            + " MB/s%n",
                    impl.name(),
                    mib,
                    mbPerSecond(chunks, encrypt),
                    mbPerSecond(chunks, decrypt));
        }
    }

    private static double mbPerSecond(int chunks, long nanos) {
        return (double) chunks * CHUNK / 1e6 / (nanos / 1e9);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private interface Impl {
        String name();

        byte[] encrypt(byte[] nonce, byte[] aad, byte[] plain) throws Exception;

        byte[] decrypt(byte[] nonce, byte[] aad, byte[] sealed) throws Exception;
    }

    /** The JDK's provider, as {@link Gcm} uses it: a new Cipher per chunk. */
    private record Jdk(byte[] rawKey) implements Impl {
        @Override
        public String name() {
            return "JDK " + Runtime.version().feature();
        }

        @Override
        public byte[] encrypt(byte[] nonce, byte[] aad, byte[] plain) throws Exception {
            // A nonce is reused here only to time the cipher; the JDK refuses re-init with the
            // same key and nonce on one Cipher object, so each chunk gets a new one, as in Gcm.
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(rawKey, "AES"), spec(nonce));
            c.updateAAD(aad);
            return c.doFinal(plain);
        }

        @Override
        public byte[] decrypt(byte[] nonce, byte[] aad, byte[] sealed) throws Exception {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(rawKey, "AES"), spec(nonce));
            c.updateAAD(aad);
            return c.doFinal(sealed);
        }

        private static GCMParameterSpec spec(byte[] nonce) {
            return new GCMParameterSpec(128, nonce);
        }
    }

    /** Bouncy Castle's lightweight GCM over its AES engine, a new cipher per chunk. */
    private record BouncyCastle(byte[] rawKey) implements Impl {
        @Override
        public String name() {
            return "Bouncy Castle";
        }

        @Override
        public byte[] encrypt(byte[] nonce, byte[] aad, byte[] plain)
                throws InvalidCipherTextException {
            return run(true, nonce, aad, plain);
        }

        @Override
        public byte[] decrypt(byte[] nonce, byte[] aad, byte[] sealed)
                throws InvalidCipherTextException {
            return run(false, nonce, aad, sealed);
        }

        private byte[] run(boolean encrypt, byte[] nonce, byte[] aad, byte[] in)
                throws InvalidCipherTextException {
            GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
            gcm.init(encrypt, new AEADParameters(new KeyParameter(rawKey), 128, nonce, aad));
            byte[] out = new byte[gcm.getOutputSize(in.length)];
            int n = gcm.processBytes(in, 0, in.length, out, 0);
            gcm.doFinal(out, n);
            return out;
        }
    }
}
