// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import io.elastos.api.chain.LicenseTerms;
import io.elastos.api.identity.Did;
import io.elastos.api.runtime.Capability;
import io.elastos.api.runtime.ResourceLimits;
import io.elastos.api.superexe.AppManifest;
import io.elastos.api.superexe.VerificationException;
import io.elastos.json.JsonException;
import io.elastos.json.JsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds {@code .wapp} packages: computes every file's hash, writes {@code manifest.json}
 * canonically, and zips it with the content and the publisher's signature.
 */
public final class PackageBuilder {
    private final String id;
    private final String name;
    private final String version;
    private final Did publisher;
    private String abi = "extism/1";
    private String entry = "plugin.wasm";
    private String ui;
    private final Set<Capability> capabilities = new LinkedHashSet<>();
    private ResourceLimits limits = ResourceLimits.DEFAULT;
    private LicenseTerms license;
    private List<String> publicApi = List.of();
    private long storageMiB;
    private final Map<String, byte[]> files = new TreeMap<>();

    /**
     * Starts a package; the ABI defaults to {@code extism/1} and the entry to {@code plugin.wasm}.
     *
     * @param id the app id
     * @param name the display name
     * @param version the semantic version
     * @param publisher the publisher DID whose key will sign
     */
    public PackageBuilder(String id, String name, String version, Did publisher) {
        this.id = Objects.requireNonNull(id, "id");
        this.name = Objects.requireNonNull(name, "name");
        this.version = Objects.requireNonNull(version, "version");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
    }

    /**
     * Starts a package from a directory holding a {@code manifest.json} template (the package
     * format, where {@code files} may be omitted) and the files to ship, all of which are added.
     *
     * @param dir the app's build directory
     * @return a builder with the template's fields and the directory's files
     * @throws IOException if the directory cannot be read or holds a symbolic link
     * @throws VerificationException if the template is not a valid manifest for those files
     */
    public static PackageBuilder fromDirectory(Path dir) throws IOException, VerificationException {
        Map<String, byte[]> content = readDirectory(dir);
        byte[] template = Files.readAllBytes(dir.resolve(AppManifest.MANIFEST_FILE));
        Object tree;
        try {
            tree = JsonReader.parse(template, JsonReader.Limits.MANIFEST);
        } catch (JsonException e) {
            throw ManifestCodec.invalid("not strict JSON: " + e.getMessage());
        }
        if (!(tree instanceof Map<?, ?> raw)) {
            throw ManifestCodec.invalid("the document must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) raw);
        Map<String, Object> hashes = new LinkedHashMap<>();
        content.forEach((path, bytes) -> hashes.put(path, Hex.sha256Hex(bytes)));
        fields.put("files", hashes);
        AppManifest m = ManifestCodec.fromTree(fields);
        PackageBuilder b = new PackageBuilder(m.id(), m.name(), m.version(), m.publisherDid());
        b.abi(m.abi()).entry(m.entry()).ui(m.ui()).limits(m.limits()).license(m.license());
        b.capabilities.addAll(m.capabilities());
        b.publicApi = m.publicApi();
        b.storageMiB = m.storageMiB();
        b.files.putAll(content);
        return b;
    }

    /** Sets the entry module's ABI. */
    public PackageBuilder abi(String abi) {
        this.abi = Objects.requireNonNull(abi, "abi");
        return this;
    }

    /** Sets the entry module's package path. */
    public PackageBuilder entry(String entry) {
        this.entry = Objects.requireNonNull(entry, "entry");
        return this;
    }

    /** Sets the UI folder, or {@code null} for none. */
    public PackageBuilder ui(String ui) {
        this.ui = ui;
        return this;
    }

    /** Adds requested capabilities. */
    public PackageBuilder capabilities(Set<Capability> requested) {
        capabilities.addAll(requested);
        return this;
    }

    /** Sets the resource limits; memory must be whole MiB, the wall clock whole milliseconds. */
    public PackageBuilder limits(ResourceLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    /** Sets the license terms, or {@code null} for a free app. */
    public PackageBuilder license(LicenseTerms license) {
        this.license = license;
        return this;
    }

    /** Adds or replaces a file. */
    public PackageBuilder file(String path, byte[] content) {
        AppManifest.checkPath(path);
        files.put(path, content.clone());
        return this;
    }

    /** Adds every regular file under a directory, except a top-level manifest or signature. */
    public PackageBuilder directory(Path dir) throws IOException {
        readDirectory(dir).forEach(this::file);
        return this;
    }

    /**
     * Returns the manifest for the current files.
     *
     * @throws IllegalArgumentException if a field is invalid
     */
    public AppManifest manifest() {
        Map<String, String> hashes = new LinkedHashMap<>();
        files.forEach((path, bytes) -> hashes.put(path, Hex.sha256Hex(bytes)));
        return new AppManifest(
                id,
                name,
                version,
                publisher,
                abi,
                entry,
                ui,
                capabilities,
                limits,
                license,
                hashes,
                publicApi,
                storageMiB);
    }

    /** Returns the canonical {@code manifest.json} bytes, which the publisher signs. */
    public byte[] manifestBytes() {
        return ManifestWriter.write(manifest());
    }

    /**
     * Zips the package: manifest first, then the signature, then the files in path order.
     *
     * @param signature the publisher's signature over {@link #manifestBytes()}
     * @return the package bytes
     */
    public byte[] build(byte[] signature) {
        ZipWriter zip = new ZipWriter();
        zip.add(AppManifest.MANIFEST_FILE, manifestBytes());
        zip.add(AppManifest.SIGNATURE_FILE, signature);
        files.forEach(zip::add);
        return zip.finish();
    }

    /**
     * Signs with the publisher's key, adds a marketplace's endorsement and zips the package.
     *
     * @param key the publisher's key
     * @param marketplace the endorsing marketplace's key
     * @return the package bytes
     */
    public byte[] build(PublisherKey key, PublisherKey marketplace) {
        byte[] manifest = manifestBytes();
        ZipWriter zip = new ZipWriter();
        zip.add(AppManifest.MANIFEST_FILE, manifest);
        zip.add(AppManifest.SIGNATURE_FILE, key.sign(manifest));
        zip.add(AppManifest.ENDORSEMENT_FILE, Endorsement.create(marketplace, manifest));
        files.forEach(zip::add);
        return zip.finish();
    }

    /** Signs with a key and zips the package. */
    public byte[] build(PublisherKey key) {
        if (!key.did().equals(publisher)) {
            throw new IllegalArgumentException(
                    "key " + key.did() + " is not the publisher " + publisher);
        }
        return build(key.sign(manifestBytes()));
    }

    /** Writes a signed package to a new file. */
    public void write(Path out, byte[] signature) throws IOException {
        Files.write(out, build(signature), StandardOpenOption.CREATE_NEW);
    }

    private static Map<String, byte[]> readDirectory(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.forEach(paths::add);
        }
        for (Path p : paths) {
            if (Files.isSymbolicLink(p)) {
                throw new IOException("symbolic link in package directory: " + p);
            }
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            String rel =
                    dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
            if (rel.equals(AppManifest.MANIFEST_FILE) || rel.equals(AppManifest.SIGNATURE_FILE)) {
                continue;
            }
            out.put(rel, Files.readAllBytes(p));
        }
        return out;
    }
}
