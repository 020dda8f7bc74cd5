// SPDX-License-Identifier: Apache-2.0
package io.elastos.chain.internal;

import io.elastos.api.chain.ChainException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Bytes4;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.utils.Numeric;

/**
 * Read-only contract calls on one chain: {@code eth_call} with calldata encoded and answers decoded
 * by web3j's ABI module. Nothing here sends a transaction.
 */
final class EvmReader {

    /** The zero address, which ERC-4907 {@code userOf} returns when a token is not rented. */
    static final String ZERO = "0x0000000000000000000000000000000000000000";

    private final JsonRpc rpc;

    EvmReader(JsonRpc rpc) {
        this.rpc = rpc;
    }

    long chainId() {
        return rpc.chainId();
    }

    /** The endpoint's state for the health report. */
    Map<String, Object> state() {
        return rpc.state();
    }

    /** Tells whether any code is deployed at the address. */
    boolean hasCode(String address) throws ChainException {
        Object code = rpc.call("eth_getCode", List.of(address, "latest"));
        return code instanceof String s && s.length() > 2;
    }

    /**
     * The latest block's timestamp: expiries on chain are compared with the chain's own clock, not
     * the NAS's, so a wrong clock on the NAS cannot extend a rental.
     */
    Instant blockTime() throws ChainException {
        Object block = rpc.call("eth_getBlockByNumber", List.of("latest", false));
        if (block instanceof Map<?, ?> m && m.get("timestamp") instanceof String ts) {
            try {
                return Instant.ofEpochSecond(Numeric.decodeQuantity(ts).longValueExact());
            } catch (RuntimeException e) {
                // fall through to the error below
            }
        }
        throw new ChainException("chain " + chainId() + " gave no latest block timestamp", false);
    }

    /**
     * ERC-165 {@code supportsInterface}: {@code false} if the call reverts or answers nothing, as
     * contracts without ERC-165 do.
     */
    boolean supportsInterface(String contract, String interfaceId) throws ChainException {
        byte[] id = Numeric.hexStringToByteArray(interfaceId);
        try {
            List<Type> out =
                    call(
                            contract,
                            "supportsInterface",
                            List.of(new Bytes4(id)),
                            List.of(new TypeReference<Bool>() {}));
            return !out.isEmpty() && ((Bool) out.get(0)).getValue();
        } catch (JsonRpc.RpcError | Undecodable e) {
            return false;
        }
    }

    String ownerOf(String contract, BigInteger tokenId) throws ChainException {
        return address(call(contract, "ownerOf", List.of(new Uint256(tokenId)), addressOut()));
    }

    BigInteger balanceOf(String contract, String wallet) throws ChainException {
        return uint(
                call(
                        contract,
                        "balanceOf",
                        List.of(new Address(wallet)),
                        List.of(new TypeReference<Uint256>() {})));
    }

    BigInteger balanceOf(String contract, String wallet, BigInteger id) throws ChainException {
        return uint(
                call(
                        contract,
                        "balanceOf",
                        List.of(new Address(wallet), new Uint256(id)),
                        List.of(new TypeReference<Uint256>() {})));
    }

    String userOf(String contract, BigInteger tokenId) throws ChainException {
        return address(call(contract, "userOf", List.of(new Uint256(tokenId)), addressOut()));
    }

    BigInteger userExpires(String contract, BigInteger tokenId) throws ChainException {
        return uint(
                call(
                        contract,
                        "userExpires",
                        List.of(new Uint256(tokenId)),
                        List.of(new TypeReference<Uint256>() {})));
    }

    BigInteger expiresAt(String contract, BigInteger tokenId) throws ChainException {
        return uint(
                call(
                        contract,
                        "expiresAt",
                        List.of(new Uint256(tokenId)),
                        List.of(new TypeReference<Uint64>() {})));
    }

    boolean getHasValidKey(String lock, String wallet) throws ChainException {
        List<Type> out =
                call(
                        lock,
                        "getHasValidKey",
                        List.of(new Address(wallet)),
                        List.of(new TypeReference<Bool>() {}));
        return ((Bool) out.get(0)).getValue();
    }

    BigInteger keyExpirationTimestampFor(String lock, String wallet) throws ChainException {
        return uint(
                call(
                        lock,
                        "keyExpirationTimestampFor",
                        List.of(new Address(wallet)),
                        List.of(new TypeReference<Uint256>() {})));
    }

    /** ERC-2981 {@code royaltyInfo}: the receiver and the amount due on a sale price. */
    List<Type> royaltyInfo(String contract, BigInteger tokenId, BigInteger salePrice)
            throws ChainException {
        return call(
                contract,
                "royaltyInfo",
                List.of(new Uint256(tokenId), new Uint256(salePrice)),
                List.of(new TypeReference<Address>() {}, new TypeReference<Uint256>() {}));
    }

    /** ERC-1271 {@code isValidSignature}: the 4-byte answer, or {@code null} if it reverted. */
    byte[] isValidSignature(String account, byte[] hash, byte[] signature) throws ChainException {
        try {
            List<Type> out =
                    call(
                            account,
                            "isValidSignature",
                            List.of(new Bytes32(hash), new DynamicBytes(signature)),
                            List.of(new TypeReference<Bytes4>() {}));
            return ((Bytes4) out.get(0)).getValue();
        } catch (JsonRpc.RpcError | Undecodable e) {
            return null;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<Type> call(
            String contract, String name, List<Type> inputs, List<TypeReference<?>> outputs)
            throws ChainException {
        Function function = new Function(name, inputs, (List) outputs);
        Object result =
                rpc.call(
                        "eth_call",
                        List.of(
                                Map.of("to", contract, "data", FunctionEncoder.encode(function)),
                                "latest"));
        if (!(result instanceof String hex) || !hex.startsWith("0x")) {
            throw new ChainException("chain " + chainId() + " answered eth_call oddly", false);
        }
        List<Type> decoded;
        try {
            decoded = FunctionReturnDecoder.decode(hex, function.getOutputParameters());
        } catch (RuntimeException e) {
            throw new Undecodable(chainId(), contract, name);
        }
        if (decoded.size() != outputs.size()) {
            // An address without code, or a contract without this function and a fallback,
            // answers with no data.
            throw new Undecodable(chainId(), contract, name);
        }
        return decoded;
    }

    private static List<TypeReference<?>> addressOut() {
        return List.of(new TypeReference<Address>() {});
    }

    private static String address(List<Type> out) {
        return ((Address) out.get(0)).getValue().toLowerCase(Locale.ROOT);
    }

    private static BigInteger uint(List<Type> out) {
        return (BigInteger) out.get(0).getValue();
    }

    /** The call answered nothing decodable: the contract does not have that function. */
    static final class Undecodable extends ChainException {
        private static final long serialVersionUID = 1L;

        Undecodable(long chainId, String contract, String function) {
            super(
                    "contract "
                            + contract
                            + " on chain "
                            + chainId
                            + " gave no valid answer to "
                            + function
                            + "()",
                    false);
        }
    }
}
