// SPDX-License-Identifier: Apache-2.0
/** Access to EVM chains: NFT license checks and ERC-1271 smart-account signature checks. */
@Export
@Version("1.1.0")
package io.elastos.api.chain;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
