// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.web;

import io.elastos.api.chain.LicenseTerms;
import io.elastos.api.chain.LicenseVerdict;
import io.elastos.superexe.internal.license.LicenseRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** License records, terms and verdicts as JSON objects for the app center API. */
final class LicenseJson {
    private LicenseJson() {}

    static Map<String, Object> of(LicenseRecord r) {
        Map<String, Object> m = terms(r.terms());
        m.put("status", r.status());
        m.put("valid", r.valid());
        m.put("reason", r.reason());
        m.put("holder", r.holder());
        m.put("expiresAt", text(r.expiresAt()));
        m.put("checkedAt", text(r.checkedAt()));
        m.put("problemSince", text(r.problemSince()));
        m.put("royalty", r.royalty());
        return m;
    }

    static Map<String, Object> terms(LicenseTerms t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("standard", t.standard().name());
        m.put("chainId", t.chainId());
        m.put("contract", t.contract());
        m.put("tokenId", t.tokenId() == null ? null : t.tokenId().toString());
        m.put("issuer", t.issuer());
        return m;
    }

    static Map<String, Object> verdict(LicenseVerdict v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid", v.valid());
        m.put("reason", v.reason());
        m.put("holder", v.holder());
        m.put("expiresAt", text(v.expiresAt()));
        m.put("checkedAt", text(v.checkedAt()));
        return m;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
