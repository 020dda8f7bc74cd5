// SPDX-License-Identifier: Apache-2.0
package io.elastos.chain.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of chain access (PID {@code io.elastos.chain}). */
@ObjectClassDefinition(
        name = "ElastOS chain access",
        description = "JSON-RPC endpoints of the EVM chains licenses live on, and how to ask them.")
@interface ChainConfig {

    @AttributeDefinition(
            description =
                    "Comma-separated chainId=url pairs. 20 is Elastos Smart Chain, 1 Ethereum"
                            + " mainnet.")
    String endpoints() default
            "20=https://api.elastos.io/esc, 1=https://ethereum-rpc.publicnode.com";

    @AttributeDefinition(description = "Timeout of one JSON-RPC request, in milliseconds.")
    int timeoutMillis() default 5000;

    @AttributeDefinition(description = "Attempts per request before the chain counts as down.")
    int attempts() default 3;

    @AttributeDefinition(description = "First retry delay in milliseconds; doubles each retry.")
    int backoffMillis() default 250;

    @AttributeDefinition(description = "How long a license verdict is reused, in seconds.")
    int cacheTtlSeconds() default 300;
}
