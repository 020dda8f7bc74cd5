// SPDX-License-Identifier: Apache-2.0
package io.elastos.chain.internal;

import io.elastos.api.chain.ChainException;
import io.elastos.api.chain.LicenseTerms;
import io.elastos.api.chain.LicenseVerdict;
import io.elastos.api.chain.Royalty;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;

/** How each license standard is checked on chain; one verdict per call, naming the wallet. */
final class LicenseRules {

    /** ERC-165 interface ids of the standards, as the EIPs define them. */
    static final String ERC721 = "0x80ac58cd";

    static final String ERC1155 = "0xd9b67a26";
    static final String ERC4907 = "0xad092b5c";
    static final String ERC5643 = "0x8c65f84d";
    static final String ERC2981 = "0x2a55205a";

    private static final BigInteger BASIS = BigInteger.valueOf(10_000);

    /** 9999-12-31T23:59:59Z: later expiries (such as uint64 max) mean "never" and are capped. */
    private static final BigInteger LAST_SECOND = BigInteger.valueOf(253_402_300_799L);

    private final Clock clock;

    LicenseRules(Clock clock) {
        this.clock = clock;
    }

    LicenseVerdict check(EvmReader chain, LicenseTerms terms, List<String> wallets)
            throws ChainException {
        String contract = terms.contract();
        if (!chain.hasCode(contract)) {
            throw new ChainException(
                    "no contract at "
                            + contract
                            + " on chain "
                            + terms.chainId()
                            + "; the manifest names a wrong address or chain",
                    false);
        }
        if (wallets.isEmpty()) {
            return invalid("the owner has no wallet to hold the license", null);
        }
        return switch (terms.standard()) {
            case ERC721 -> erc721(chain, terms, wallets);
            case ERC1155 -> erc1155(chain, terms, wallets);
            case ERC4907 -> erc4907(chain, terms, wallets);
            case ERC5643 -> erc5643(chain, terms, wallets);
            case UNLOCK -> unlock(chain, terms, wallets);
            case ERC2981 -> royaltyOnly(chain, terms);
        };
    }

    Optional<Royalty> royalty(EvmReader chain, LicenseTerms terms) throws ChainException {
        if (!chain.supportsInterface(terms.contract(), ERC2981)) {
            return Optional.empty();
        }
        BigInteger token = terms.tokenId() == null ? BigInteger.ZERO : terms.tokenId();
        List<Type> info = chain.royaltyInfo(terms.contract(), token, BASIS);
        String receiver = ((Address) info.get(0)).getValue().toLowerCase(Locale.ROOT);
        BigInteger amount = (BigInteger) info.get(1).getValue();
        return Optional.of(new Royalty(receiver, amount.min(BASIS).longValueExact()));
    }

    private LicenseVerdict erc721(EvmReader chain, LicenseTerms terms, List<String> wallets)
            throws ChainException {
        require(chain, terms, ERC721, "ERC-721");
        if (terms.tokenId() == null) {
            for (String wallet : wallets) {
                if (chain.balanceOf(terms.contract(), wallet).signum() > 0) {
                    return valid(wallet + " holds a token of " + terms.contract(), wallet, null);
                }
            }
            return invalid(
                    "none of the owner's wallets holds a token of " + terms.contract(), null);
        }
        String owner = ownerOrNull(chain, terms);
        if (owner != null && wallets.contains(owner)) {
            return valid(owner + " owns token #" + terms.tokenId(), owner, null);
        }
        return invalid(notHeld(terms, owner), null);
    }

    private LicenseVerdict erc1155(EvmReader chain, LicenseTerms terms, List<String> wallets)
            throws ChainException {
        require(chain, terms, ERC1155, "ERC-1155");
        for (String wallet : wallets) {
            if (chain.balanceOf(terms.contract(), wallet, terms.tokenId()).signum() > 0) {
                return valid(wallet + " holds token #" + terms.tokenId(), wallet, null);
            }
        }
        return invalid(
                "none of the owner's wallets holds token #"
                        + terms.tokenId()
                        + " of "
                        + terms.contract(),
                null);
    }

    private LicenseVerdict erc4907(EvmReader chain, LicenseTerms terms, List<String> wallets)
            throws ChainException {
        require(chain, terms, ERC4907, "ERC-4907");
        Instant now = chain.blockTime();
        String user = chain.userOf(terms.contract(), terms.tokenId());
        Instant until = seconds(chain.userExpires(terms.contract(), terms.tokenId()));
        boolean rented = !user.equals(EvmReader.ZERO) && until.isAfter(now);
        if (rented && wallets.contains(user)) {
            return valid(
                    user + " rents token #" + terms.tokenId() + " until " + until, user, until);
        }
        String owner = ownerOrNull(chain, terms);
        if (owner == null || !wallets.contains(owner)) {
            return invalid(
                    rented
                            ? "token #"
                                    + terms.tokenId()
                                    + " is rented to "
                                    + user
                                    + ", not to one of the owner's wallets"
                            : notHeld(terms, owner),
                    null);
        }
        if (!rented) {
            return valid(
                    owner + " owns token #" + terms.tokenId() + ", not rented out", owner, null);
        }
        if (terms.ownerMayRunWhileRented()) {
            return valid(
                    owner + " owns token #" + terms.tokenId() + " (rented out to " + user + ")",
                    owner,
                    null);
        }
        // The rental ends at `until`; the owner of record may run the app again then, which the
        // next scheduled check will see.
        return invalid(
                owner
                        + " rented token #"
                        + terms.tokenId()
                        + " out to "
                        + user
                        + " until "
                        + until
                        + "; while it is rented only the renter may run the app",
                null);
    }

    private LicenseVerdict erc5643(EvmReader chain, LicenseTerms terms, List<String> wallets)
            throws ChainException {
        require(chain, terms, ERC5643, "ERC-5643");
        String owner = ownerOrNull(chain, terms);
        if (owner == null || !wallets.contains(owner)) {
            return invalid(notHeld(terms, owner), null);
        }
        Instant now = chain.blockTime();
        Instant until = seconds(chain.expiresAt(terms.contract(), terms.tokenId()));
        if (!until.isAfter(now)) {
            return invalid(
                    "the subscription of token #"
                            + terms.tokenId()
                            + " held by "
                            + owner
                            + " expired at "
                            + until,
                    null);
        }
        return valid(
                owner + " subscribes with token #" + terms.tokenId() + " until " + until,
                owner,
                until);
    }

    private LicenseVerdict unlock(EvmReader chain, LicenseTerms terms, List<String> wallets)
            throws ChainException {
        for (String wallet : wallets) {
            boolean key;
            try {
                key = chain.getHasValidKey(terms.contract(), wallet);
            } catch (JsonRpc.RpcError | EvmReader.Undecodable e) {
                throw new ChainException(
                        "contract "
                                + terms.contract()
                                + " on chain "
                                + terms.chainId()
                                + " is not an Unlock lock (getHasValidKey failed); the manifest"
                                + " names the wrong standard or address",
                        false,
                        e);
            }
            if (key) {
                return valid(
                        wallet + " has a valid key of lock " + terms.contract(),
                        wallet,
                        keyEnd(chain, terms, wallet));
            }
        }
        return invalid(
                "none of the owner's wallets has a valid key of lock " + terms.contract(), null);
    }

    private static Instant keyEnd(EvmReader chain, LicenseTerms terms, String wallet)
            throws ChainException {
        try {
            BigInteger t = chain.keyExpirationTimestampFor(terms.contract(), wallet);
            // Unlock uses type(uint).max for keys that never expire.
            return t.compareTo(LAST_SECOND) > 0 ? null : Instant.ofEpochSecond(t.longValueExact());
        } catch (JsonRpc.RpcError | EvmReader.Undecodable e) {
            return null; // optional in a minimal lock: the expiry is then unknown
        }
    }

    private LicenseVerdict royaltyOnly(EvmReader chain, LicenseTerms terms) throws ChainException {
        Optional<Royalty> royalty = royalty(chain, terms);
        if (royalty.isEmpty()) {
            throw notStandard(terms, ERC2981, "ERC-2981");
        }
        return valid("royalty " + royalty.get() + " (shown, not enforced)", null, null);
    }

    private static void require(EvmReader chain, LicenseTerms terms, String id, String name)
            throws ChainException {
        if (!chain.supportsInterface(terms.contract(), id)) {
            throw notStandard(terms, id, name);
        }
    }

    private static ChainException notStandard(LicenseTerms terms, String id, String name) {
        return new ChainException(
                "contract "
                        + terms.contract()
                        + " on chain "
                        + terms.chainId()
                        + " does not implement "
                        + name
                        + " (supportsInterface("
                        + id
                        + ") is false); the manifest names the wrong standard or address",
                false);
    }

    /** The token's owner, or {@code null} if it does not exist (ownerOf reverts). */
    private static String ownerOrNull(EvmReader chain, LicenseTerms terms) throws ChainException {
        try {
            return chain.ownerOf(terms.contract(), terms.tokenId());
        } catch (JsonRpc.RpcError | EvmReader.Undecodable e) {
            return null;
        }
    }

    private static String notHeld(LicenseTerms terms, String owner) {
        return owner == null
                ? "token #" + terms.tokenId() + " of " + terms.contract() + " does not exist"
                : "token #"
                        + terms.tokenId()
                        + " is held by "
                        + owner
                        + ", not by one of the owner's wallets";
    }

    private static Instant seconds(BigInteger t) {
        return Instant.ofEpochSecond(t.min(LAST_SECOND).longValue());
    }

    private LicenseVerdict valid(String reason, String holder, Instant expiresAt) {
        return new LicenseVerdict(true, reason, expiresAt, clock.instant(), holder);
    }

    private LicenseVerdict invalid(String reason, String holder) {
        return new LicenseVerdict(false, reason, null, clock.instant(), holder);
    }
}
