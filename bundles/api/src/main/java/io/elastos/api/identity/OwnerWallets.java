// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.identity;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The owner's wallets ({@code did:pkh} accounts), whose tokens prove the owner holds a mini-app's
 * license.
 */
@ProviderType
public interface OwnerWallets {

    /**
     * Lists the owner's wallet addresses.
     *
     * @return the addresses, {@code 0x} and 40 lowercase hex digits each; empty if none is known
     */
    List<String> addresses();
}
