// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The owner's ceilings for every app's limits; an app's own limits are lowered to fit them. */
@ObjectClassDefinition(
        name = "ElastOS mini-app runtime",
        description = "Upper bounds for the limits of every mini-app call.")
@interface RuntimeConfiguration {

    @AttributeDefinition(
            name = "Max memory (MiB)",
            description = "Linear memory per instance, 1-4096.")
    int maxMemoryMiB() default 256;

    @AttributeDefinition(
            name = "Max call time (ms)",
            description = "Wall-clock deadline per call, 1-600000.")
    int maxCallMillis() default 30_000;

    @AttributeDefinition(name = "Max output (MiB)", description = "Output per call, 1-1024.")
    int maxOutputMiB() default 16;

    @AttributeDefinition(
            name = "Max concurrent calls",
            description = "Calls per app at once, 1-256.")
    int maxConcurrentCalls() default 16;
}
