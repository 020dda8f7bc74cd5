// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.host;

import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.Vault;
import io.elastos.api.storage.VaultEntry;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Scales the owner's photos for apps with {@code files.read} (a photo frame's slideshow): the
 * picture is decoded by the JDK's own readers, subsampled while decoding so a 50-megapixel photo
 * never lands in memory whole, and written as a JPEG that fits the asked edge. Files that are too
 * large, too many pixels or no format the JDK reads give empty, never an exception from the codec.
 */
final class OwnerImages {

    static final int MIN_EDGE = 16;
    static final int MAX_EDGE = 2048;
    static final long MAX_FILE = 64L << 20;
    static final long MAX_PIXELS = 120_000_000L;

    private OwnerImages() {}

    static Optional<byte[]> scaled(Vault vault, String path, int edge)
            throws StorageException, IOException {
        int target = Math.max(MIN_EDGE, Math.min(MAX_EDGE, edge));
        Optional<VaultEntry> entry = entry(vault, path);
        if (entry.isEmpty() || entry.get().directory() || entry.get().size() > MAX_FILE) {
            return Optional.empty();
        }
        try (InputStream in = vault.read(path);
                ImageInputStream iis = ImageIO.createImageInputStream(in)) {
            if (iis == null) {
                return Optional.empty();
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || w * h > MAX_PIXELS) {
                    return Optional.empty();
                }
                ImageReadParam p = reader.getDefaultReadParam();
                // Decode at no more than twice the target, then scale smoothly the rest of the way.
                int step = (int) Math.max(1, Math.max(w, h) / (2L * target));
                p.setSourceSubsampling(step, step, 0, 0);
                return Optional.of(jpeg(fit(reader.read(0, p), target)));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // A malformed or unsupported picture is "not an image", not a host failure.
            return Optional.empty();
        }
    }

    /** The file's head version (not a listing of its folder: albums hold thousands of photos). */
    private static Optional<VaultEntry> entry(Vault vault, String path) throws StorageException {
        try {
            List<VaultEntry> versions = vault.versions(path);
            return versions.isEmpty()
                    ? Optional.empty()
                    : Optional.of(versions.get(versions.size() - 1));
        } catch (StorageException e) {
            if (e.reason() == StorageException.Reason.NOT_FOUND
                    || e.reason() == StorageException.Reason.INVALID_ARGUMENT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static BufferedImage fit(BufferedImage src, int target) {
        double scale = Math.min(1.0, (double) target / Math.max(src.getWidth(), src.getHeight()));
        int w = Math.max(1, (int) Math.round(src.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(src.getHeight() * scale));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, java.awt.Color.WHITE, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] jpeg(BufferedImage img) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.85f);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
