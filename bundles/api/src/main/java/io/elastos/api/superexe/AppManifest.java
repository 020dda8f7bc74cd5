// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.superexe;

import io.elastos.api.chain.LicenseTerms;
import io.elastos.api.identity.Did;
import io.elastos.api.runtime.Capability;
import io.elastos.api.runtime.ResourceLimits;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code manifest.json} of a mini-app package ({@code .wapp}): what the app is, who published
 * it, what it may do, and the hash of every other file in the package. The publisher signs the
 * exact manifest bytes, so the manifest vouches for the whole package.
 *
 * @param id the app id, a reverse domain name such as {@code org.example.notes}
 * @param name the name shown to users
 * @param version the version, a Semantic Versioning 2.0.0 string such as {@code 1.2.0}
 * @param publisherDid the publisher, whose key signed the manifest
 * @param abi the calling convention of the entry module, such as {@code extism/1}
 * @param entry the package path of the entry wasm module; listed in {@code files}
 * @param ui the package folder of the app's static UI files, or {@code null} if the app has no UI
 * @param capabilities the capabilities the app requests
 * @param limits the resource limits of every call
 * @param license the license the owner must hold, or {@code null} for a free app
 * @param files the SHA-256 of every other file, as lowercase hex, by package path
 * @param publicApi prefixes of API paths (below {@code /apps/<id>/api/}, such as {@code frame/})
 *     that are reachable without a session; the app authenticates those callers itself
 * @param storageMiB the storage scope the app asks for, in MiB; 0 for the node's default
 */
public record AppManifest(
        String id,
        String name,
        String version,
        Did publisherDid,
        String abi,
        String entry,
        String ui,
        Set<Capability> capabilities,
        ResourceLimits limits,
        LicenseTerms license,
        Map<String, String> files,
        List<String> publicApi,
        long storageMiB) {

    /** The most public API prefixes a manifest may declare. */
    public static final int MAX_PUBLIC_API = 8;

    /** The largest storage scope a manifest may ask for, in MiB (64 GiB). */
    public static final long MAX_STORAGE_MIB = 64L << 10;

    private static final Pattern PUBLIC_PREFIX =
            Pattern.compile("([a-z0-9][a-z0-9_-]{0,63}/){1,4}");

    /** The manifest's path in a package. */
    public static final String MANIFEST_FILE = "manifest.json";

    /** The path in a package of the publisher's signature over the manifest bytes. */
    public static final String SIGNATURE_FILE = "signature";

    /**
     * The optional entry by which a marketplace endorses the package: the marketplace's DID on the
     * first line and, on the second, the hex of its signature over the exact manifest bytes.
     */
    public static final String ENDORSEMENT_FILE = "endorsement";

    /** The longest app id. */
    public static final int MAX_ID_LENGTH = 128;

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+");

    // The regular expression suggested by semver.org, without named groups.
    private static final Pattern SEMVER =
            Pattern.compile(
                    "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                            + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
                            + "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                            + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /**
     * Validates the manifest and copies its collections so it is immutable.
     *
     * @throws NullPointerException if a component other than {@code ui} or {@code license} is
     *     {@code null}, or a collection holds {@code null}
     * @throws IllegalArgumentException if the id, name, version or ABI is malformed, a file path is
     *     not a safe relative path or names the manifest or signature, a hash is not lowercase hex
     *     SHA-256, the entry is not a listed file, or the UI folder holds no listed file
     */
    public AppManifest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(publisherDid, "publisherDid");
        Objects.requireNonNull(abi, "abi");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(limits, "limits");
        capabilities = Set.copyOf(capabilities);
        files = Map.copyOf(files);
        publicApi = List.copyOf(publicApi);
        if (publicApi.size() > MAX_PUBLIC_API
                || publicApi.stream().anyMatch(p -> !PUBLIC_PREFIX.matcher(p).matches())) {
            throw new IllegalArgumentException(
                    "public API prefixes must be at most "
                            + MAX_PUBLIC_API
                            + " lowercase folder paths ending with /, like frame/");
        }
        if (storageMiB < 0 || storageMiB > MAX_STORAGE_MIB) {
            throw new IllegalArgumentException("storage must be 0 to " + MAX_STORAGE_MIB + " MiB");
        }
        if (id.length() > MAX_ID_LENGTH || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("app id must be a lowercase reverse domain: " + id);
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("app name is blank");
        }
        if (!SEMVER.matcher(version).matches()) {
            throw new IllegalArgumentException("version is not semantic: " + version);
        }
        if (abi.isBlank()) {
            throw new IllegalArgumentException("ABI is blank");
        }
        files.forEach((path, hash) -> {
            checkPath(path);
            if (!SHA256_HEX.matcher(hash).matches()) {
                throw new IllegalArgumentException(
                        "not a lowercase hex SHA-256 for " + path + ": " + hash);
            }
        });
        if (!files.containsKey(entry)) {
            throw new IllegalArgumentException("entry module is not a listed file: " + entry);
        }
        if (ui != null) {
            String folder = ui.endsWith("/") ? ui : ui + "/";
            if (files.keySet().stream().noneMatch(path -> path.startsWith(folder))) {
                throw new IllegalArgumentException("UI folder holds no listed file: " + ui);
            }
        }
    }

    /** A manifest without public API paths and with the node's default storage. */
    public AppManifest(
            String id,
            String name,
            String version,
            Did publisherDid,
            String abi,
            String entry,
            String ui,
            Set<Capability> capabilities,
            ResourceLimits limits,
            LicenseTerms license,
            Map<String, String> files) {
        this(
                id,
                name,
                version,
                publisherDid,
                abi,
                entry,
                ui,
                capabilities,
                limits,
                license,
                files,
                List.of(),
                0);
    }

    /**
     * Whether an API path (below {@code /apps/<id>/api/}, without a leading slash) is one the
     * manifest makes reachable without a session.
     *
     * @param apiPath the path, such as {@code frame/feed}
     * @return whether it lies under a public prefix
     */
    public boolean isPublicApi(String apiPath) {
        return isUnder(publicApi, apiPath);
    }

    /**
     * Whether an API path lies under one of the prefixes; a path with a dot segment, an empty
     * segment or a backslash never does.
     *
     * @param prefixes public API prefixes, such as {@code frame/}
     * @param apiPath the path, such as {@code frame/feed}
     * @return whether a prefix covers it
     */
    public static boolean isUnder(List<String> prefixes, String apiPath) {
        return !apiPath.contains("..")
                && !apiPath.contains("//")
                && !apiPath.contains("\\")
                && !apiPath.contains("%")
                && prefixes.stream().anyMatch(apiPath::startsWith);
    }

    /**
     * Checks that a package path is safe to extract: relative, {@code /}-separated, with no empty,
     * {@code .} or {@code ..} segment, no backslash, colon or control character, and not one of the
     * package's own control files.
     *
     * @param path the path to check
     * @throws IllegalArgumentException if the path is unsafe
     */
    public static void checkPath(String path) {
        if (path.isEmpty() || path.length() > 1024) {
            throw new IllegalArgumentException("package path empty or too long");
        }
        if (path.equals(MANIFEST_FILE) || path.equals(SIGNATURE_FILE)) {
            throw new IllegalArgumentException("control file listed as content: " + path);
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("unsafe package path: " + path);
            }
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || c == ':') {
                throw new IllegalArgumentException("unsafe character in package path: " + path);
            }
        }
    }
}
