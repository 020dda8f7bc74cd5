// SPDX-License-Identifier: Apache-2.0
package io.elastos.chain.testing;

import io.elastos.json.JsonException;
import io.elastos.json.JsonNumber;
import io.elastos.json.JsonReader;
import io.elastos.json.JsonWriter;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real local EVM chain for tests: a ganache node with the test contracts deployed.
 *
 * <p>It runs {@code node fixture.mjs} from {@code src/test/evm} (see the README there), which
 * prints one JSON line when the chain is ready and then answers JSON commands on stdin. The node
 * process exits by itself when this JVM goes away, because its stdin closes.
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * try (LocalChain chain = LocalChain.start()) {
 *     chain.send(0, "erc721", "mint(address,uint256)", chain.account(1).address(), "7");
 *     Object owner = chain.call("erc721", "ownerOf(uint256)", "7");
 * }
 * }</pre>
 *
 * <p>Clients under test should use {@link #rpcUrl()}, which goes through a {@link ChainProxy} so
 * that {@link #pause()} can make the chain unreachable.
 */
public final class LocalChain implements AutoCloseable {

    /** System property naming the fixture folder, for modules other than the chain bundle. */
    public static final String EVM_DIR_PROPERTY = "elastos.evm.dir";

    private static final long NPM_TIMEOUT_MINUTES = 5;
    private static final long READY_TIMEOUT_SECONDS = 120;
    private static final long COMMAND_TIMEOUT_SECONDS = 60;
    private static final long STOP_TIMEOUT_SECONDS = 10;

    /** Integers above 2^53 lose precision as JSON numbers in JavaScript; send them as text. */
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    /** Marks the end of the fixture's stdout in the line queue; compared by identity. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String EOF = new String("<eof>");

    /** Serialises npm installs inside this JVM; the file lock does it across JVMs. */
    private static final Object NPM_LOCK = new Object();

    /** A funded account of the chain's deterministic wallet. */
    public record Account(String address, String privateKey) {}

    /** A signature as 0x hex (65 bytes, r || s || v) and the address that made it. */
    public record Signature(String signature, String signer) {}

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines;
    private final Path logFile;
    private final ChainProxy proxy;
    private final String directRpcUrl;
    private final long chainId;
    private final List<Account> accounts;
    private final Map<String, String> contracts;
    private final Map<String, String> interfaceIds;
    private long nextId = 1;
    private boolean closed;

    private LocalChain(
            Process process, BlockingQueue<String> lines, Path logFile, Map<String, Object> ready)
            throws IOException {
        this.process = process;
        this.stdin =
                new BufferedWriter(
                        new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.lines = lines;
        this.logFile = logFile;
        this.directRpcUrl = (String) ready.get("rpc");
        this.chainId = ((Number) ready.get("chainId")).longValue();
        List<Account> list = new ArrayList<>();
        for (Object o : (List<?>) ready.get("accounts")) {
            Map<?, ?> a = (Map<?, ?>) o;
            list.add(new Account((String) a.get("address"), (String) a.get("privateKey")));
        }
        this.accounts = List.copyOf(list);
        this.contracts = stringMap(ready.get("contracts"));
        this.interfaceIds = stringMap(ready.get("interfaceIds"));
        URI rpc = URI.create(directRpcUrl);
        this.proxy = new ChainProxy(new InetSocketAddress(rpc.getHost(), rpc.getPort()));
    }

    /**
     * Installs the fixture's npm packages if needed, starts the chain and waits until the contracts
     * are deployed.
     *
     * <p>Aborts the calling test (JUnit assumption) when {@code node} is not installed, unless the
     * {@code CI} environment variable is set, in which case that is a failure.
     *
     * @return the running chain; close it to stop the node
     * @throws IllegalStateException if the fixture fails to start
     */
    public static LocalChain start() {
        Path workDir = Path.of("").toAbsolutePath();
        Path target = workDir.resolve("target");
        Path logFile = target.resolve("evm-fixture.log");
        Path evmDir = fixtureDir();
        try {
            Files.createDirectories(target);
            requireTool("node");
            installPackages(evmDir, logFile);

            ProcessBuilder pb =
                    new ProcessBuilder("node", "fixture.mjs").directory(evmDir.toFile());
            pb.environment().put("EVM_CACHE_DIR", target.resolve("evm-cache").toString());
            // A file redirect can never fill up and block the node like an undrained pipe.
            pb.redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            Process process = pb.start();
            BlockingQueue<String> lines = readLines(process);
            Map<String, Object> ready;
            try {
                ready = awaitReady(process, lines, logFile);
                return new LocalChain(process, lines, logFile, ready);
            } catch (RuntimeException | IOException e) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the EVM fixture in " + evmDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the EVM fixture", e);
        }
    }

    // ---------------------------------------------------------------------------- accessors

    /**
     * Returns the JSON-RPC URL that clients under test should use; it passes through the pausable
     * proxy.
     *
     * @return an {@code http://127.0.0.1:PORT} URL
     */
    public String rpcUrl() {
        return "http://127.0.0.1:" + proxy.port();
    }

    /**
     * Returns ganache's own JSON-RPC URL, unaffected by {@link #pause()}.
     *
     * @return an {@code http://127.0.0.1:PORT} URL
     */
    public String directRpcUrl() {
        return directRpcUrl;
    }

    /**
     * Returns the chain id (1337).
     *
     * @return the EIP-155 chain id
     */
    public long chainId() {
        return chainId;
    }

    /**
     * Returns all funded accounts; account 0 deployed the contracts and owns them.
     *
     * @return the ten deterministic accounts, addresses in lowercase
     */
    public List<Account> accounts() {
        return accounts;
    }

    /**
     * Returns one funded account.
     *
     * @param index 0 to 9; 0 is the deployer, 3 owns the {@code account} smart wallet
     * @return the account
     */
    public Account account(int index) {
        return accounts.get(index);
    }

    /**
     * Returns the address of a deployed contract.
     *
     * @param name {@code erc721}, {@code erc1155}, {@code rental}, {@code lock} or {@code account}
     * @return the lowercase 0x address
     * @throws IllegalArgumentException for an unknown name
     */
    public String contract(String name) {
        return lookup(contracts, "contract", name);
    }

    /**
     * Returns an ERC-165 interface id as reported by the fixture.
     *
     * @param name {@code erc4907}, {@code erc5643}, {@code erc721}, {@code erc1155} or {@code
     *     erc2981}
     * @return the id as 0x plus 8 hex digits
     * @throws IllegalArgumentException for an unknown name
     */
    public String interfaceId(String name) {
        return lookup(interfaceIds, "interface", name);
    }

    /**
     * Returns the file that receives the fixture's log (its stderr and npm output).
     *
     * @return the log file under {@code target/}
     */
    public Path logFile() {
        return logFile;
    }

    // ---------------------------------------------------------------------------- commands

    /**
     * Sends a transaction and waits for its receipt.
     *
     * @param from index of the signing account
     * @param contract a contract name (see {@link #contract(String)}) or a 0x address
     * @param fn the function signature, e.g. {@code "transferFrom(address,address,uint256)"}
     * @param args the arguments; numbers may be given as decimal strings
     * @return the transaction hash
     * @throws IllegalStateException if the transaction fails or reverts
     */
    public String send(int from, String contract, String fn, Object... args) {
        Map<String, Object> cmd = new LinkedHashMap<>();
        cmd.put("from", from);
        cmd.put("contract", contract);
        cmd.put("fn", fn);
        cmd.put("args", Arrays.asList(args));
        return (String) command("send", cmd);
    }

    /**
     * Performs a read-only call.
     *
     * @param contract a contract name (see {@link #contract(String)}) or a 0x address
     * @param fn the function signature, e.g. {@code "ownerOf(uint256)"}; for a function the fixture
     *     does not know, append {@code " returns (type)"} to get a decoded value
     * @param args the arguments; numbers may be given as decimal strings
     * @return a single return value as a {@link String} (numbers in decimal, addresses in
     *     lowercase, booleans as {@code "true"}/{@code "false"}), or a {@link List} of them for
     *     several return values
     * @throws IllegalStateException if the call reverts
     */
    public Object call(String contract, String fn, Object... args) {
        Map<String, Object> cmd = new LinkedHashMap<>();
        cmd.put("contract", contract);
        cmd.put("fn", fn);
        cmd.put("args", Arrays.asList(args));
        return command("call", cmd);
    }

    /**
     * Moves the chain's clock forward and mines a block.
     *
     * @param seconds how far to move
     * @return the new latest block timestamp (UNIX seconds)
     */
    public long increaseTime(long seconds) {
        return ((Number) command("increaseTime", Map.of("seconds", seconds))).longValue();
    }

    /**
     * Returns the latest block timestamp.
     *
     * @return UNIX seconds
     */
    public long now() {
        return ((Number) command("now", Map.of())).longValue();
    }

    /**
     * Signs EIP-712 typed data with ethers' {@code Wallet.signTypedData}.
     *
     * @param privateKey the 0x private key
     * @param domain the EIP-712 domain, e.g. name, version, chainId, verifyingContract
     * @param types the struct types (an {@code EIP712Domain} entry is ignored)
     * @param message the message; {@code BigInteger}s and large longs are sent as decimal text
     * @return the signature and the recovered signer
     */
    public Signature signTypedData(
            String privateKey,
            Map<String, Object> domain,
            Map<String, Object> types,
            Map<String, Object> message) {
        Map<String, Object> cmd = new LinkedHashMap<>();
        cmd.put("key", privateKey);
        cmd.put("domain", domain);
        cmd.put("types", types);
        cmd.put("message", message);
        return signature(command("signReceipt", cmd));
    }

    /**
     * Signs text as an EIP-191 personal message ({@code personal_sign}).
     *
     * @param privateKey the 0x private key
     * @param text the message
     * @return the signature and the signer
     */
    public Signature signMessage(String privateKey, String text) {
        return signature(command("signMessage", Map.of("key", privateKey, "message", text)));
    }

    /**
     * Signs a 32-byte hash directly, with no prefix (as an ERC-1271 owner key would).
     *
     * @param privateKey the 0x private key
     * @param hash32 the 32-byte digest
     * @return the signature and the signer
     */
    public Signature signHash(String privateKey, byte[] hash32) {
        if (hash32.length != 32) {
            throw new IllegalArgumentException("hash must be 32 bytes, got " + hash32.length);
        }
        String hash = "0x" + HexFormat.of().formatHex(hash32);
        return signature(command("signHash", Map.of("key", privateKey, "hash", hash)));
    }

    /** Makes {@link #rpcUrl()} unreachable: open connections are reset, new ones refused. */
    public void pause() {
        proxy.pause();
    }

    /** Makes {@link #rpcUrl()} reachable again after {@link #pause()}. */
    public void resume() {
        proxy.resume();
    }

    /** Stops the node (politely, then forcibly after 10 s) and closes the proxy. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        proxy.close();
        try {
            if (process.isAlive()) {
                try {
                    stdin.write(JsonWriter.write(Map.of("id", nextId++, "cmd", "stop")) + "\n");
                    stdin.flush();
                    stdin.close();
                } catch (IOException ignored) {
                    // Already gone; the forced path below cleans up.
                }
                process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private synchronized Object command(String name, Map<String, ?> fields) {
        if (closed) {
            throw new IllegalStateException("the local chain is closed");
        }
        long id = nextId++;
        Map<String, Object> cmd = new LinkedHashMap<>();
        cmd.put("id", id);
        cmd.put("cmd", name);
        fields.forEach((k, v) -> cmd.put(k, toWire(v)));
        try {
            stdin.write(JsonWriter.write(cmd) + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException("EVM fixture is gone; see " + logFile, e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(COMMAND_TIMEOUT_SECONDS);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
                if (line == null) {
                    throw new IllegalStateException(
                            "no answer to " + name + " within " + COMMAND_TIMEOUT_SECONDS + " s");
                }
                if (line == EOF) {
                    lines.offer(EOF); // keep later callers from waiting for nothing
                    throw new IllegalStateException("EVM fixture exited; see " + logFile);
                }
                Map<String, Object> answer = parseObject(line);
                // Skip a late answer to an earlier command that timed out.
                if (!(answer.get("id") instanceof Number n) || n.longValue() != id) {
                    continue;
                }
                if (!Boolean.TRUE.equals(answer.get("ok"))) {
                    throw new IllegalStateException(name + " failed: " + answer.get("error"));
                }
                return answer.get("result");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + name, e);
        }
    }

    // ---------------------------------------------------------------------------- helpers

    private static Path fixtureDir() {
        String configured = System.getProperty(EVM_DIR_PROPERTY);
        Path dir = Path.of(configured != null ? configured : "src/test/evm").toAbsolutePath();
        if (!Files.isRegularFile(dir.resolve("fixture.mjs"))) {
            throw new IllegalStateException(
                    "no fixture.mjs in "
                            + dir
                            + "; set -D"
                            + EVM_DIR_PROPERTY
                            + " to the chain bundle's src/test/evm");
        }
        return dir.normalize();
    }

    /** Aborts (locally) or fails (on CI) when a required executable is missing. */
    private static void requireTool(String tool) throws InterruptedException {
        String reason;
        try {
            Process p =
                    new ProcessBuilder(executable(tool), "--version")
                            .redirectErrorStream(true)
                            .start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
            p.destroyForcibly();
            reason = tool + " --version failed";
        } catch (IOException e) {
            reason = tool + " is not installed: " + e.getMessage();
        }
        if (System.getenv("CI") != null) {
            throw new IllegalStateException("the EVM fixture needs Node.js: " + reason);
        }
        Assumptions.abort("the EVM fixture needs Node.js: " + reason);
    }

    /** Runs {@code npm ci} when node_modules is missing or older than package-lock.json. */
    private static void installPackages(Path evmDir, Path logFile)
            throws IOException, InterruptedException {
        synchronized (NPM_LOCK) {
            Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "elastos-evm-npm.lock");
            try (FileChannel channel =
                            FileChannel.open(
                                    lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                if (packagesInstalled(evmDir)) {
                    return;
                }
                requireTool("npm");
                Process npm =
                        new ProcessBuilder(executable("npm"), "ci", "--no-audit", "--no-fund")
                                .directory(evmDir.toFile())
                                .redirectErrorStream(true)
                                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                                .start();
                if (!npm.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    npm.descendants().forEach(ProcessHandle::destroyForcibly);
                    npm.destroyForcibly();
                    throw new IllegalStateException(
                            "npm ci timed out after "
                                    + NPM_TIMEOUT_MINUTES
                                    + " min; see "
                                    + logFile);
                }
                if (npm.exitValue() != 0) {
                    throw new IllegalStateException(
                            "npm ci failed with exit code " + npm.exitValue() + "; see " + logFile);
                }
            }
        }
    }

    private static boolean packagesInstalled(Path evmDir) throws IOException {
        Path modules = evmDir.resolve("node_modules");
        if (!Files.isDirectory(modules.resolve("ganache"))) {
            return false;
        }
        // npm writes this hidden lockfile on install; an older one means the pins changed since.
        Path installed = modules.resolve(".package-lock.json");
        Path wanted = evmDir.resolve("package-lock.json");
        return Files.exists(installed)
                && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(wanted))
                        >= 0;
    }

    private static String executable(String tool) {
        boolean windows = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win");
        return windows && tool.equals("npm") ? "npm.cmd" : tool;
    }

    /** Reads stdout on a daemon thread so that waits can time out. */
    private static BlockingQueue<String> readLines(Process process) {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader in =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    process.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = in.readLine()) != null) {
                                    // Only protocol lines; anything else is stray output.
                                    if (line.startsWith("{")) {
                                        queue.add(line);
                                    }
                                }
                            } catch (IOException ignored) {
                                // The process ended; EOF below tells the waiters.
                            } finally {
                                queue.add(EOF);
                            }
                        },
                        "evm-fixture-stdout");
        reader.setDaemon(true);
        reader.start();
        return queue;
    }

    private static Map<String, Object> awaitReady(
            Process process, BlockingQueue<String> lines, Path logFile)
            throws InterruptedException {
        String line = lines.poll(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (line == null) {
            throw new IllegalStateException(
                    "EVM fixture not ready within " + READY_TIMEOUT_SECONDS + " s; see " + logFile);
        }
        if (line == EOF) {
            process.waitFor(5, TimeUnit.SECONDS);
            String code = process.isAlive() ? "?" : String.valueOf(process.exitValue());
            throw new IllegalStateException(
                    "EVM fixture exited (code " + code + ") before it was ready; see " + logFile);
        }
        Map<String, Object> ready = parseObject(line);
        if (!Boolean.TRUE.equals(ready.get("ready"))) {
            throw new IllegalStateException(
                    "EVM fixture failed to start: " + ready.get("error") + "; see " + logFile);
        }
        return ready;
    }

    /**
     * Parses one line of the fixture's output with the node's own JSON reader, as plain Java
     * values: numbers as {@code Long} (or {@code BigInteger} when larger), JSON null as null.
     */
    static Map<String, Object> parseObject(String line) {
        Object tree;
        try {
            tree =
                    JsonReader.parse(
                            line.getBytes(StandardCharsets.UTF_8), JsonReader.Limits.DOCUMENT);
        } catch (JsonException e) {
            throw new IllegalStateException("EVM fixture wrote invalid JSON: " + e.getMessage());
        }
        if (!(plain(tree) instanceof Map<?, ?> map)) {
            throw new IllegalStateException("EVM fixture wrote a non-object: " + line);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) map;
        return out;
    }

    private static Object plain(Object v) {
        if (v == JsonReader.NULL) {
            return null;
        }
        if (v instanceof JsonNumber n && !n.isInteger()) {
            return n.bigDecimalValue();
        }
        if (v instanceof JsonNumber n) {
            BigInteger big = n.bigDecimalValue().toBigIntegerExact();
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, plain(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(plain(x)));
            return out;
        }
        return v;
    }

    /** Converts Java values into what the fixture reads safely (see MAX_SAFE_INTEGER). */
    private static Object toWire(Object value) {
        if (value instanceof BigInteger big) {
            return big.toString();
        }
        if ((value instanceof Long || value instanceof Integer)
                && Math.abs(((Number) value).longValue()) > MAX_SAFE_INTEGER) {
            return value.toString();
        }
        if (value instanceof byte[] bytes) {
            return "0x" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, toWire(v)));
            return copy;
        }
        if (value instanceof Iterable<?> items) {
            List<Object> copy = new ArrayList<>();
            items.forEach(v -> copy.add(toWire(v)));
            return copy;
        }
        if (value instanceof Object[] array) {
            return toWire(Arrays.asList(array));
        }
        return value;
    }

    private static Signature signature(Object result) {
        Map<?, ?> map = (Map<?, ?>) result;
        return new Signature((String) map.get("signature"), (String) map.get("signer"));
    }

    private static Map<String, String> stringMap(Object value) {
        Map<String, String> map = new LinkedHashMap<>();
        ((Map<?, ?>) value).forEach((k, v) -> map.put((String) k, (String) v));
        return Map.copyOf(map);
    }

    private static String lookup(Map<String, String> map, String kind, String name) {
        String value = map.get(name);
        if (value == null) {
            throw new IllegalArgumentException(
                    "unknown " + kind + " '" + name + "'; known: " + map.keySet());
        }
        return value;
    }
}
