// SPDX-License-Identifier: Apache-2.0
package io.elastos.chain.internal;

import io.elastos.api.chain.ChainException;
import io.elastos.api.chain.LicenseChecker;
import io.elastos.api.chain.LicenseReceipt;
import io.elastos.api.chain.LicenseTerms;
import io.elastos.api.chain.LicenseVerdict;
import io.elastos.api.chain.Royalty;
import io.elastos.api.chain.SignatureChecker;
import io.elastos.api.node.HealthIndicator;
import io.elastos.api.node.HealthStatus;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.web3j.crypto.Sign;

/**
 * License and ERC-1271 checks against EVM chains over JSON-RPC, one endpoint per chain id. Verdicts
 * are cached for a configured time to live; failures are not cached, so a chain that comes back is
 * asked again at once.
 */
@Component(
        service = {LicenseChecker.class, SignatureChecker.class, HealthIndicator.class},
        configurationPid = "io.elastos.chain",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ChainConfig.class)
public class Web3jLicenseChecker implements LicenseChecker, SignatureChecker, HealthIndicator {
    private static final System.Logger LOG = System.getLogger(Web3jLicenseChecker.class.getName());

    private static final byte[] ERC1271_MAGIC = {0x16, 0x26, (byte) 0xba, 0x7e};
    private static final int MAX_CACHED = 4096;

    private final Clock clock;
    private final LicenseRules rules;
    private final ReceiptCheck receipts;
    private final Map<Key, LicenseVerdict> cache = new ConcurrentHashMap<>();
    private volatile Map<Long, EvmReader> chains = Map.of();
    private volatile Duration ttl = Duration.ofMinutes(5);
    private HttpClient http;

    /** Creates a checker on the system clock, as the framework does. */
    public Web3jLicenseChecker() {
        this(Clock.systemUTC());
    }

    /**
     * Creates a checker on a given clock, for receipts' expiry and verdict ages.
     *
     * @param clock the clock
     */
    public Web3jLicenseChecker(Clock clock) {
        this.clock = clock;
        this.rules = new LicenseRules(clock);
        this.receipts = new ReceiptCheck(clock);
    }

    @Activate
    @Modified
    void configure(ChainConfig config) {
        configure(
                config.endpoints(),
                Duration.ofMillis(Math.max(100, config.timeoutMillis())),
                config.attempts(),
                config.backoffMillis(),
                Duration.ofSeconds(Math.max(0, config.cacheTtlSeconds())));
    }

    /**
     * Applies a configuration; also used by tests of other modules that run without a framework.
     *
     * @param endpoints comma-separated {@code chainId=url} pairs
     * @param timeout the timeout of one request
     * @param attempts attempts per request
     * @param backoffMillis the first retry delay
     * @param ttl how long a verdict is reused; zero for never
     */
    public synchronized void configure(
            String endpoints, Duration timeout, int attempts, long backoffMillis, Duration ttl) {
        Map<Long, URI> parsed = Endpoints.parse(endpoints);
        if (http == null) {
            http =
                    HttpClient.newBuilder()
                            .connectTimeout(timeout)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
        }
        Map<Long, EvmReader> readers = new ConcurrentHashMap<>();
        parsed.forEach((id, uri) ->
                readers.put(
                        id,
                        new EvmReader(
                                new JsonRpc(id, uri, http, timeout, attempts, backoffMillis))));
        this.chains = Map.copyOf(readers);
        this.ttl = ttl;
        cache.clear();
        LOG.log(Level.INFO, "chain access configured for chain ids {0}", parsed.keySet());
    }

    /** Closes the HTTP client and forgets the endpoints. */
    @Deactivate
    public synchronized void deactivate() {
        if (http != null) {
            http.close();
            http = null;
        }
        chains = Map.of();
        cache.clear();
    }

    @Override
    public LicenseVerdict check(LicenseTerms terms, List<String> wallets) throws ChainException {
        List<String> owned = normalize(wallets);
        Key key = new Key(terms, owned);
        LicenseVerdict cached = cache.get(key);
        Instant now = clock.instant();
        // A cached verdict is reused within its time to live, but a valid one never past its own
        // expiry (a rental or subscription end).
        boolean fresh = cached != null && now.isBefore(cached.checkedAt().plus(ttl));
        if (fresh && (!cached.valid() || cached.validAt(now))) {
            return cached;
        }
        LicenseVerdict verdict = rules.check(reader(terms.chainId()), terms, owned);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        if (!ttl.isZero()) {
            cache.put(key, verdict);
        }
        return verdict;
    }

    @Override
    public boolean supports(long chainId) {
        return chains.containsKey(chainId);
    }

    @Override
    public LicenseVerdict checkReceipt(
            LicenseTerms terms, String appId, LicenseReceipt receipt, List<String> wallets) {
        return receipts.check(terms, appId, receipt, normalize(wallets));
    }

    @Override
    public Optional<Royalty> royalty(LicenseTerms terms) throws ChainException {
        return rules.royalty(reader(terms.chainId()), terms);
    }

    @Override
    public void forget() {
        cache.clear();
    }

    @Override
    public boolean isValidSignature(long chainId, String account, byte[] hash, byte[] signature)
            throws ChainException {
        if (!LicenseTerms.isAddress(account)) {
            throw new IllegalArgumentException("not an account address: " + account);
        }
        if (hash.length != 32) {
            throw new IllegalArgumentException("ERC-1271 hash must be 32 bytes");
        }
        EvmReader chain = reader(chainId);
        String address = account.toLowerCase(Locale.ROOT);
        if (!chain.hasCode(address)) {
            return false;
        }
        byte[] answer = chain.isValidSignature(address, hash, signature);
        return answer != null && Arrays.equals(answer, ERC1271_MAGIC);
    }

    @Override
    public Optional<String> recoverPersonalSign(byte[] message, byte[] signature) {
        return ReceiptCheck.recover(Sign.getEthereumMessageHash(message), signature);
    }

    @Override
    public String name() {
        return "chain";
    }

    /**
     * Always healthy: a chain that cannot be reached does not make the node unhealthy (the license
     * policy rides it out), but the report says which chain is unreachable since when.
     */
    @Override
    public HealthStatus check() {
        Map<String, Object> data = new java.util.TreeMap<>();
        List<String> down = new ArrayList<>();
        chains.forEach((id, reader) -> {
            Map<String, Object> state = reader.state();
            data.put(Long.toString(id), state);
            if ("unreachable".equals(state.get("state"))) {
                down.add(Long.toString(id));
            }
        });
        String detail =
                down.isEmpty()
                        ? "chains " + chains.keySet() + " configured"
                        : "chain(s) " + down + " unreachable; licenses hold their last verdict";
        return new HealthStatus(true, detail, data);
    }

    private EvmReader reader(long chainId) throws ChainException {
        EvmReader reader = chains.get(chainId);
        if (reader == null) {
            throw new ChainException(
                    "no RPC endpoint is configured for chain "
                            + chainId
                            + "; add one to the endpoints setting of io.elastos.chain",
                    true);
        }
        return reader;
    }

    private static List<String> normalize(List<String> wallets) {
        List<String> out = new ArrayList<>(wallets.size());
        for (String w : wallets) {
            if (!LicenseTerms.isAddress(w)) {
                throw new IllegalArgumentException("not a wallet address: " + w);
            }
            String lower = w.toLowerCase(Locale.ROOT);
            if (!out.contains(lower)) {
                out.add(lower);
            }
        }
        out.sort(null);
        return List.copyOf(out);
    }

    private record Key(LicenseTerms terms, List<String> wallets) {}
}
