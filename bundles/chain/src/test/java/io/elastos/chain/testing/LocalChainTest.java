// SPDX-License-Identifier: Apache-2.0
package io.elastos.chain.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks that the local EVM fixture starts, runs real contracts and can be made unreachable. */
class LocalChainTest {

    private static LocalChain chain;

    @BeforeAll
    static void startChain() {
        chain = LocalChain.start();
    }

    @AfterAll
    static void stopChain() {
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void exposesTenDeterministicAccounts() {
        assertEquals(10, chain.accounts().size());
        assertEquals(1337, chain.chainId());
        for (LocalChain.Account a : chain.accounts()) {
            assertTrue(a.address().matches("0x[0-9a-f]{40}"), a.address());
            assertTrue(a.privateKey().matches("0x[0-9a-f]{64}"), a.privateKey());
        }
    }

    @Test
    void mintedErc721TokenIsOwnedByRecipient() {
        String holder = chain.account(1).address();
        String tx = chain.send(0, "erc721", "mint(address,uint256)", holder, "7");
        assertTrue(tx.matches("0x[0-9a-f]{64}"), tx);
        assertEquals(holder, chain.call("erc721", "ownerOf(uint256)", "7"));
        // 5% royalty to the deployer, as set in the constructor.
        assertEquals(
                List.of(chain.account(0).address(), "500"),
                chain.call("erc721", "royaltyInfo(uint256,uint256)", "7", "10000"));
    }

    @Test
    void revertIsReportedWithItsReason() {
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () -> chain.call("erc721", "ownerOf(uint256)", "999999"));
        assertTrue(e.getMessage().contains("ERC721NonexistentToken"), e.getMessage());
    }

    @Test
    void increaseTimeMovesBlockTime() {
        long before = chain.now();
        long after = chain.increaseTime(3600);
        assertTrue(after - before >= 3600, before + " -> " + after);
        assertEquals(after, chain.now());
    }

    @Test
    void rentalNftAdvertisesErc4907AndErc5643() {
        assertEquals("0xad092b5c", chain.interfaceId("erc4907"));
        assertEquals("0x8c65f84d", chain.interfaceId("erc5643"));
        for (String name : List.of("erc4907", "erc5643", "erc721")) {
            assertEquals(
                    "true",
                    chain.call("rental", "supportsInterface(bytes4)", chain.interfaceId(name)),
                    name);
        }
    }

    @Test
    void lockKeyExpiresWithChainTime() {
        String holder = chain.account(2).address();
        long expiry = chain.now() + 100;
        chain.send(0, "lock", "grantKey(address,uint256)", holder, expiry);
        assertEquals("true", chain.call("lock", "getHasValidKey(address)", holder));
        chain.increaseTime(200);
        assertEquals("false", chain.call("lock", "getHasValidKey(address)", holder));
    }

    @Test
    void signTypedDataIsMadeByTheKeysAddress() {
        LocalChain.Account signer = chain.account(4);
        Map<String, Object> domain =
                Map.of(
                        "name",
                        "ElastosTest",
                        "version",
                        "1",
                        "chainId",
                        chain.chainId(),
                        "verifyingContract",
                        chain.contract("erc721"));
        Map<String, Object> types =
                Map.of(
                        "Receipt",
                        List.of(
                                Map.of("name", "tokenId", "type", "uint256"),
                                Map.of("name", "holder", "type", "address")));
        Map<String, Object> message =
                Map.of("tokenId", "123456789012345678901234567890", "holder", signer.address());
        LocalChain.Signature sig = chain.signTypedData(signer.privateKey(), domain, types, message);
        assertEquals(signer.address(), sig.signer());
        assertTrue(sig.signature().matches("0x[0-9a-f]{130}"), sig.signature());
    }

    @Test
    void smartAccountAcceptsOnlyItsOwnersSignature() throws Exception {
        byte[] hash =
                MessageDigest.getInstance("SHA-256")
                        .digest("receipt".getBytes(StandardCharsets.UTF_8));
        String fn = "isValidSignature(bytes32,bytes)";
        LocalChain.Signature owner = chain.signHash(chain.account(3).privateKey(), hash);
        assertEquals(chain.account(3).address(), owner.signer());
        assertEquals("0x1626ba7e", chain.call("account", fn, hash, owner.signature()));
        LocalChain.Signature other = chain.signHash(chain.account(5).privateKey(), hash);
        assertEquals("0xffffffff", chain.call("account", fn, hash, other.signature()));
    }

    @Test
    void pauseMakesTheRpcUrlUnreachableUntilResume() throws Exception {
        assertTrue(blockNumber(chain.rpcUrl()).startsWith("0x"));
        chain.pause();
        try {
            long started = System.nanoTime();
            assertThrows(IOException.class, () -> blockNumber(chain.rpcUrl()));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(Duration.ofMillis(2_500)) <= 0, "took " + took);
            // The node itself keeps running; only the proxied path is cut.
            assertTrue(blockNumber(chain.directRpcUrl()).startsWith("0x"));
        } finally {
            chain.resume();
        }
        assertTrue(blockNumber(chain.rpcUrl()).startsWith("0x"));
    }

    /** A raw JSON-RPC call, as a client under test would make it; a fresh client avoids pooling. */
    private static String blockNumber(String url) throws IOException, InterruptedException {
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpRequest request =
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(2))
                            .header("Content-Type", "application/json")
                            .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                            "{\"jsonrpc\":\"2.0\",\"id\":1,"
                                                    + "\"method\":\"eth_blockNumber\",\"params\":[]}"))
                            .build();
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return (String) LocalChain.parseObject(response.body()).get("result");
        }
    }
}
