// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import io.elastos.api.chain.LicenseStandard;
import io.elastos.api.chain.LicenseTerms;
import io.elastos.api.identity.Did;
import io.elastos.api.runtime.Capability;
import io.elastos.api.runtime.ResourceLimits;
import io.elastos.api.superexe.AppManifest;
import io.elastos.api.superexe.VerificationException;
import io.elastos.api.superexe.VerificationException.Reason;
import io.elastos.json.JsonException;
import io.elastos.json.JsonNumber;
import io.elastos.json.JsonReader;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns the bytes of {@code manifest.json} into an {@link AppManifest}, fail-closed. */
final class ManifestCodec {

    /** The only manifest format this node reads. */
    static final int FORMAT = 1;

    private static final Set<String> TOP_LEVEL =
            Set.of(
                    "format",
                    "id",
                    "name",
                    "version",
                    "publisher",
                    "abi",
                    "entry",
                    "ui",
                    "capabilities",
                    "limits",
                    "license",
                    "files",
                    "publicApi");
    private static final Set<String> LIMITS =
            Set.of("memoryMiB", "timeoutMillis", "maxOutputBytes", "storageMiB");
    private static final Set<String> LICENSE =
            Set.of(
                    "chainId",
                    "contract",
                    "standard",
                    "tokenId",
                    "issuer",
                    "ownerMayRunWhileRented");

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+");
    private static final Pattern SEMVER =
            Pattern.compile(
                    "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                            + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
                            + "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                            + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");
    private static final Pattern ABI = Pattern.compile("[a-z][a-z0-9._-]{0,31}/[0-9]{1,4}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,77}");
    private static final int MAX_NAME = 256;

    private ManifestCodec() {}

    /** Parses and validates manifest bytes. */
    static AppManifest parse(byte[] bytes) throws VerificationException {
        Object root;
        try {
            root = JsonReader.parse(bytes, JsonReader.Limits.MANIFEST);
        } catch (JsonException e) {
            throw invalid("not strict JSON: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw invalid("the document must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) map;
        return fromTree(fields);
    }

    /** Validates a parsed manifest object. */
    static AppManifest fromTree(Map<String, Object> m) throws VerificationException {
        for (String key : m.keySet()) {
            if (!TOP_LEVEL.contains(key)) {
                throw invalid("unknown field '" + key + "'");
            }
        }
        long format = integer(m, "format", 1, Integer.MAX_VALUE, true, 0);
        if (format != FORMAT) {
            throw invalid("field 'format' must be " + FORMAT + ", this node cannot read " + format);
        }
        String id = string(m, "id", true);
        if (id.length() > AppManifest.MAX_ID_LENGTH || !ID.matcher(id).matches()) {
            throw invalid("field 'id' must be a lowercase reverse domain like org.example.app");
        }
        String name = string(m, "name", true);
        if (name.isBlank() || name.length() > MAX_NAME || hasControl(name)) {
            throw invalid("field 'name' must be 1 to " + MAX_NAME + " printable characters");
        }
        String version = string(m, "version", true);
        if (!SEMVER.matcher(version).matches()) {
            throw invalid("field 'version' must be a string like 1.2.3");
        }
        Did publisher = publisher(string(m, "publisher", true));
        String abi = string(m, "abi", true);
        if (!ABI.matcher(abi).matches()) {
            throw invalid("field 'abi' must look like extism/1");
        }
        Map<String, String> files = files(m.get("files"));
        String entry = string(m, "entry", true);
        if (!files.containsKey(entry)) {
            throw invalid("field 'entry' must name a file listed in 'files': " + entry);
        }
        String ui = m.get("ui") == JsonReader.NULL ? null : string(m, "ui", false);
        if (ui != null) {
            String folder = ui.endsWith("/") ? ui : ui + "/";
            if (files.keySet().stream().noneMatch(path -> path.startsWith(folder))) {
                throw invalid("field 'ui' must be a folder holding listed files: " + ui);
            }
        }
        Set<Capability> capabilities = capabilities(m.get("capabilities"));
        ResourceLimits limits = limits(m.get("limits"));
        LicenseTerms license = license(m.get("license"));
        List<String> publicApi = publicApi(m.get("publicApi"));
        long storageMiB =
                m.get("limits") instanceof Map<?, ?> lm
                        ? integer(
                                castMap(lm),
                                "limits.storageMiB",
                                0,
                                AppManifest.MAX_STORAGE_MIB,
                                false,
                                0)
                        : 0;
        try {
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
                    files,
                    publicApi,
                    storageMiB);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid(e.getMessage());
        }
    }

    private static Did publisher(String value) throws VerificationException {
        Did did;
        try {
            did = Did.of(value);
        } catch (IllegalArgumentException e) {
            throw invalid("field 'publisher' is not a DID: " + e.getMessage());
        }
        if (did.evmAddress().isPresent()) {
            return did;
        }
        if (did.method().equals(Did.METHOD_KEY)) {
            try {
                DidKeys.ed25519PublicKey(did);
                return did;
            } catch (IllegalArgumentException e) {
                throw invalid("field 'publisher' is not an Ed25519 did:key: " + e.getMessage());
            }
        }
        throw invalid("field 'publisher' must be a did:key (Ed25519) or did:pkh:eip155 DID");
    }

    private static Map<String, String> files(Object value) throws VerificationException {
        if (value == null) {
            throw invalid("missing field 'files'");
        }
        if (!(value instanceof Map<?, ?> raw)) {
            throw invalid("field 'files' must be an object of path to SHA-256 hex");
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            String path = (String) e.getKey();
            try {
                AppManifest.checkPath(path);
            } catch (IllegalArgumentException ex) {
                throw invalid("field 'files' has an unsafe path: " + ex.getMessage());
            }
            if (!(e.getValue() instanceof String hash) || !SHA256_HEX.matcher(hash).matches()) {
                throw invalid("field 'files." + path + "' must be a lowercase hex SHA-256");
            }
            files.put(path, hash);
        }
        if (files.isEmpty()) {
            throw invalid("field 'files' must list at least the entry module");
        }
        return files;
    }

    private static Set<Capability> capabilities(Object value) throws VerificationException {
        if (value == null) {
            throw invalid("missing field 'capabilities'");
        }
        if (!(value instanceof List<?> list)) {
            throw invalid("field 'capabilities' must be an array of strings");
        }
        Set<Capability> out = new LinkedHashSet<>();
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw invalid("field 'capabilities' must be an array of strings");
            }
            try {
                if (!out.add(Capability.of(s))) {
                    throw invalid("field 'capabilities' lists " + s + " twice");
                }
            } catch (IllegalArgumentException e) {
                throw invalid("field 'capabilities': " + e.getMessage());
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    /** The API prefixes reachable without a session: a list of strings like "frame/". */
    private static List<String> publicApi(Object value) throws VerificationException {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || list.size() > AppManifest.MAX_PUBLIC_API) {
            throw invalid(
                    "field 'publicApi' must be a list of at most "
                            + AppManifest.MAX_PUBLIC_API
                            + " path prefixes");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String p)) {
                throw invalid("field 'publicApi' must hold strings like \"frame/\"");
            }
            out.add(p);
        }
        return out;
    }

    private static ResourceLimits limits(Object value) throws VerificationException {
        if (value == null) {
            return ResourceLimits.DEFAULT;
        }
        if (!(value instanceof Map<?, ?> raw)) {
            throw invalid("field 'limits' must be an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) raw;
        for (String key : m.keySet()) {
            if (!LIMITS.contains(key)) {
                throw invalid("unknown field 'limits." + key + "'");
            }
        }
        ResourceLimits d = ResourceLimits.DEFAULT;
        long mib = integer(m, "limits.memoryMiB", 1, 4096, false, d.memoryBytes() >> 20);
        long millis =
                integer(m, "limits.timeoutMillis", 1, 600_000, false, d.wallClock().toMillis());
        long out =
                integer(
                        m,
                        "limits.maxOutputBytes",
                        1,
                        ResourceLimits.MAX_OUTPUT_BYTES,
                        false,
                        d.maxOutputBytes());
        return new ResourceLimits(mib << 20, Duration.ofMillis(millis), out);
    }

    private static LicenseTerms license(Object value) throws VerificationException {
        if (value == null || value == JsonReader.NULL) {
            return null;
        }
        if (!(value instanceof Map<?, ?> raw)) {
            throw invalid("field 'license' must be null or an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) raw;
        for (String key : m.keySet()) {
            if (!LICENSE.contains(key)) {
                throw invalid("unknown field 'license." + key + "'");
            }
        }
        long chainId = integer(m, "license.chainId", 1, Long.MAX_VALUE, true, 0);
        String contract = string(m, "license.contract", true);
        String standardName = string(m, "license.standard", true);
        LicenseStandard standard;
        try {
            standard = LicenseStandard.valueOf(standardName);
        } catch (IllegalArgumentException e) {
            throw invalid(
                    "field 'license.standard' must be one of " + List.of(LicenseStandard.values()));
        }
        BigInteger tokenId = null;
        Object token = m.get("tokenId");
        if (token instanceof String s && DECIMAL.matcher(s).matches()) {
            tokenId = new BigInteger(s);
        } else if (token instanceof JsonNumber n && n.isInteger() && !n.text().startsWith("-")) {
            tokenId = new BigInteger(n.text());
        } else if (token != null && token != JsonReader.NULL) {
            throw invalid("field 'license.tokenId' must be a decimal string such as \"42\"");
        }
        String issuer =
                m.get("issuer") == JsonReader.NULL ? null : string(m, "license.issuer", false);
        Object rented = m.getOrDefault("ownerMayRunWhileRented", Boolean.FALSE);
        if (!(rented instanceof Boolean)) {
            throw invalid("field 'license.ownerMayRunWhileRented' must be true or false");
        }
        if ((Boolean) rented && standard != LicenseStandard.ERC4907) {
            throw invalid("field 'license.ownerMayRunWhileRented' applies to ERC4907 only");
        }
        try {
            return new LicenseTerms(chainId, contract, standard, tokenId, issuer, (Boolean) rented);
        } catch (IllegalArgumentException e) {
            throw invalid("field 'license': " + e.getMessage());
        }
    }

    private static String string(Map<String, Object> m, String field, boolean required)
            throws VerificationException {
        String key = field.substring(field.lastIndexOf('.') + 1);
        Object v = m.get(key);
        if (v == null) {
            if (required) {
                throw invalid("missing field '" + field + "'");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            throw invalid("field '" + field + "' must be a string");
        }
        return s;
    }

    private static long integer(
            Map<String, Object> m, String field, long min, long max, boolean required, long dflt)
            throws VerificationException {
        String key = field.substring(field.lastIndexOf('.') + 1);
        Object v = m.get(key);
        if (v == null) {
            if (required) {
                throw invalid("missing field '" + field + "'");
            }
            return dflt;
        }
        String range = "an integer from " + min + " to " + max;
        if (!(v instanceof JsonNumber n) || !n.isInteger()) {
            throw invalid("field '" + field + "' must be " + range);
        }
        BigInteger b = new BigInteger(n.text());
        if (b.compareTo(BigInteger.valueOf(min)) < 0 || b.compareTo(BigInteger.valueOf(max)) > 0) {
            throw invalid("field '" + field + "' must be " + range);
        }
        return b.longValueExact();
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    static VerificationException invalid(String message) {
        return new VerificationException(Reason.INVALID_MANIFEST, "manifest.json: " + message);
    }
}
