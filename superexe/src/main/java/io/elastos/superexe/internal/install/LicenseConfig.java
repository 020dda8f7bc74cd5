// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.install;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** License policy settings of SuperEXE (PID {@code io.elastos.superexe}). */
@ObjectClassDefinition(
        name = "ElastOS SuperEXE licenses",
        description = "How often NFT licenses are re-checked and how long lapses are tolerated.")
@interface LicenseConfig {

    @AttributeDefinition(description = "Minutes between two checks of one licensed app.")
    int license_recheck_minutes() default 10;

    @AttributeDefinition(
            description =
                    "Minutes a lapsed license (sold, rental or subscription over) keeps its"
                            + " app running before it is suspended.")
    int license_grace_minutes() default 60;

    @AttributeDefinition(
            description = "Hours the last valid verdict holds while the chain cannot be reached.")
    int license_offline_grace_hours() default 72;
}
