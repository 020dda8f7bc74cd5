// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import io.elastos.api.superexe.VerificationException.Reason;
import java.util.List;
import java.util.function.Supplier;

/**
 * One hostile package and what refusing it must look like.
 *
 * @param label a short description, shown as the test name
 * @param reason the expected reason
 * @param cause a case-insensitive regular expression the message must contain
 * @param bytes the package, built lazily so the suite does not hold hundreds at once
 * @param limits the reader's limits for this case
 */
record Hostile(
        String label, Reason reason, String cause, Supplier<byte[]> bytes, PackageLimits limits) {

    @Override
    public String toString() {
        return reason + ": " + label;
    }

    /** Collects cases with the default limits unless told otherwise. */
    static final class Collector {
        final List<Hostile> cases;

        Collector(List<Hostile> cases) {
            this.cases = cases;
        }

        void add(String label, Reason reason, String cause, Supplier<byte[]> bytes) {
            add(label, reason, cause, bytes, PackageLimits.DEFAULT);
        }

        void add(
                String label,
                Reason reason,
                String cause,
                Supplier<byte[]> bytes,
                PackageLimits limits) {
            cases.add(new Hostile(label, reason, cause, bytes, limits));
        }

        /** A case built by corrupting the valid Ed25519 template. */
        void zip(
                String label,
                Reason reason,
                String cause,
                java.util.function.Consumer<HostileZip> edit) {
            add(
                    label,
                    reason,
                    cause,
                    () -> {
                        HostileZip z = Fixtures.template(Fixtures.ED_KEY);
                        edit.accept(z);
                        return z.build();
                    });
        }
    }
}
