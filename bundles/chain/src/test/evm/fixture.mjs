// SPDX-License-Identifier: Apache-2.0
//
// Local EVM chain fixture for the chain bundle's Java tests.
//
// Compiles contracts/*.sol with solc-js (cached), starts an in-process ganache node on
// 127.0.0.1, deploys the test contracts, prints ONE ready line of JSON on stdout and then
// answers newline-delimited JSON commands from stdin, one JSON line per command.
// Everything else goes to stderr so that stdout stays a clean protocol channel.
// The process exits when stdin closes, so a killed JVM never leaves a node behind.

import { createHash } from "node:crypto";
import { readFileSync, readdirSync, mkdirSync, writeFileSync, renameSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

// Ganache and friends may log with console.*; keep stdout for protocol lines only.
const protocolOut = process.stdout.write.bind(process.stdout);
for (const level of ["log", "info", "warn", "debug"]) {
    console[level] = (...args) => console.error(...args);
}

const HERE = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const CHAIN_ID = 1337;
const EVM_VERSION = "shanghai"; // ganache 7.9 knows no cancun opcodes (MCOPY, TSTORE)
const ACCOUNT_COUNT = 10;

const { default: ganache } = await import("ganache");
const ethers = await import("ethers");
const { Contract, ContractFactory, FunctionFragment, Interface, JsonRpcProvider, Network } =
    ethers;
const { SigningKey, Wallet, getAddress, recoverAddress, verifyTypedData } = ethers;

function log(...args) {
    console.error("[evm-fixture]", ...args);
}

function emit(obj) {
    protocolOut(JSON.stringify(obj) + "\n");
}

// ------------------------------------------------------------------------------------------
// Compilation (cached by SHA-256 of sources + compiler version + settings)

function readPackageVersion(name) {
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")).version;
}

function collectSources() {
    const dir = join(HERE, "contracts");
    const sources = {};
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".sol")).sort()) {
        sources[`contracts/${file}`] = { content: readFileSync(join(dir, file), "utf8") };
    }
    return sources;
}

function compilerInput(sources) {
    return {
        language: "Solidity",
        sources,
        settings: {
            evmVersion: EVM_VERSION,
            optimizer: { enabled: true, runs: 200 },
            outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
        },
    };
}

async function compile() {
    const sources = collectSources();
    const input = compilerInput(sources);
    // The solc package version equals the compiler version; reading it avoids loading the
    // large solc-js module when the cache hits.
    const solcVersion = readPackageVersion("solc");
    const ozVersion = readPackageVersion("@openzeppelin/contracts");
    const key = createHash("sha256")
        .update(JSON.stringify({ solcVersion, ozVersion, input }))
        .digest("hex");
    const cacheDir = process.env.EVM_CACHE_DIR;
    const cacheFile = cacheDir ? join(resolve(cacheDir), `solc-${key}.json`) : null;
    if (cacheFile) {
        try {
            const cached = JSON.parse(readFileSync(cacheFile, "utf8"));
            log(`using cached compiler output ${cacheFile}`);
            return cached;
        } catch {
            // Cache miss or unreadable file: compile below.
        }
    }

    const started = Date.now();
    const { default: solc } = await import("solc");
    const findImports = (path) => {
        try {
            if (path.startsWith("@")) {
                return { contents: readFileSync(require.resolve(path), "utf8") };
            }
            return { contents: readFileSync(join(HERE, path), "utf8") };
        } catch (e) {
            return { error: `not found: ${path}` };
        }
    };
    const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
    const errors = (output.errors || []).filter((e) => e.severity === "error");
    for (const w of (output.errors || []).filter((e) => e.severity !== "error")) {
        log(w.formattedMessage);
    }
    if (errors.length > 0) {
        throw new Error("solc failed:\n" + errors.map((e) => e.formattedMessage).join("\n"));
    }
    const artifacts = { solcVersion: solc.version(), contracts: {} };
    for (const [file, contracts] of Object.entries(output.contracts)) {
        for (const [name, c] of Object.entries(contracts)) {
            artifacts.contracts[name] = {
                file,
                abi: c.abi,
                bytecode: "0x" + c.evm.bytecode.object,
            };
        }
    }
    log(`compiled with solc ${artifacts.solcVersion} in ${Date.now() - started} ms`);
    if (cacheFile) {
        // Write-then-rename so a concurrent reader never sees half a file.
        mkdirSync(dirname(cacheFile), { recursive: true });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(artifacts));
        renameSync(tmp, cacheFile);
    }
    return artifacts;
}

// ------------------------------------------------------------------------------------------
// Value conversion between JSON and ethers

/** Coerces JSON command arguments to what ethers expects for the given ABI parameter. */
function toAbiValue(param, value) {
    if (param.baseType === "array") {
        return value.map((v) => toAbiValue(param.arrayChildren, v));
    }
    if (param.baseType === "tuple") {
        if (Array.isArray(value)) {
            return value.map((v, i) => toAbiValue(param.components[i], v));
        }
        return Object.fromEntries(
            param.components.map((c) => [c.name, toAbiValue(c, value[c.name])]),
        );
    }
    if (param.baseType === "bool" && typeof value === "string") {
        // A plain truthiness check would make "false" true.
        return value === "true";
    }
    return value;
}

/** Converts decoded results to JSON: numbers as decimal strings, addresses lowercase. */
function fromAbiValue(value) {
    if (typeof value === "bigint") return value.toString();
    if (typeof value === "string") return value.startsWith("0x") ? value.toLowerCase() : value;
    if (typeof value === "boolean" || typeof value === "number") return String(value);
    if (Array.isArray(value)) return Array.from(value, fromAbiValue);
    return value;
}

/** Makes bigint-bearing objects JSON-safe for responses. */
function jsonSafe(value) {
    return JSON.parse(
        JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v)),
    );
}

// ------------------------------------------------------------------------------------------
// Chain start and deployment

async function main() {
    const artifacts = await compile();

    const server = ganache.server({
        chain: { chainId: CHAIN_ID, networkId: CHAIN_ID, hardfork: EVM_VERSION },
        wallet: { deterministic: true, totalAccounts: ACCOUNT_COUNT },
        logging: { quiet: true },
        miner: { instamine: "eager" },
    });
    // Port 0 lets the OS pick a free port without a probe-then-bind race; EVM_PORT pins one.
    await server.listen(Number(process.env.EVM_PORT || 0), "127.0.0.1");
    const rpc = `http://127.0.0.1:${server.address().port}`;
    log(`ganache listening on ${rpc}`);

    let closing = false;
    const shutdown = async (code) => {
        if (closing) return;
        closing = true;
        try {
            await server.close();
        } catch (e) {
            log("close failed:", e.message);
        }
        process.exit(code);
    };
    process.on("SIGTERM", () => shutdown(0));
    process.on("SIGINT", () => shutdown(0));

    const initial = server.provider.getInitialAccounts();
    const accounts = Object.entries(initial).map(([address, a]) => ({
        address: address.toLowerCase(),
        privateKey: a.secretKey,
    }));

    // No response caching: after a send the next nonce/call must see the new state.
    const provider = new JsonRpcProvider(rpc, Network.from(CHAIN_ID), {
        staticNetwork: true,
        cacheTimeout: -1,
        pollingInterval: 50,
    });
    const wallets = accounts.map((a) => new Wallet(a.privateKey, provider));

    const deploy = async (name, ...args) => {
        const art = artifacts.contracts[name];
        const factory = new ContractFactory(art.abi, art.bytecode, wallets[0]);
        const c = await factory.deploy(...args);
        await c.waitForDeployment();
        return (await c.getAddress()).toLowerCase();
    };
    // Sequential deployment keeps nonces, and therefore addresses, deterministic.
    const contracts = {};
    contracts.erc721 = await deploy("LicenseNft");
    contracts.erc1155 = await deploy("AccessToken");
    contracts.rental = await deploy("RentalSubscriptionNft");
    contracts.lock = await deploy("MiniLock");
    contracts.account = await deploy("SmartAccount", accounts[3].address);
    const contractAbis = {
        erc721: artifacts.contracts.LicenseNft.abi,
        erc1155: artifacts.contracts.AccessToken.abi,
        rental: artifacts.contracts.RentalSubscriptionNft.abi,
        lock: artifacts.contracts.MiniLock.abi,
        account: artifacts.contracts.SmartAccount.abi,
    };

    const interfaceIdOf = (name) => {
        const abi = artifacts.contracts[name].abi.filter((f) => f.type === "function");
        let id = 0n;
        for (const f of new Interface(abi).fragments.filter((f) => f.type === "function")) {
            id ^= BigInt(f.selector);
        }
        return "0x" + id.toString(16).padStart(8, "0");
    };
    const interfaceIds = {
        erc4907: interfaceIdOf("IERC4907"),
        erc5643: interfaceIdOf("IERC5643"),
        erc721: "0x80ac58cd",
        erc1155: "0xd9b67a26",
        erc2981: "0x2a55205a",
    };

    // --------------------------------------------------------------------------------------
    // Commands

    const resolveContract = (ref) => {
        if (typeof ref !== "string") throw new Error("contract must be a name or an address");
        if (ref.startsWith("0x")) return { address: getAddress(ref), abi: null };
        if (!contracts[ref]) throw new Error(`unknown contract: ${ref}`);
        return { address: contracts[ref], abi: contractAbis[ref] };
    };

    // All compiled ABIs (including OpenZeppelin's interfaces) help decode calls to addresses.
    const allFunctions = Object.values(artifacts.contracts).flatMap((c) =>
        new Interface(c.abi).fragments.filter((f) => f.type === "function"),
    );

    /** Finds the ABI fragment for `fn`, preferring one that knows the output types. */
    const resolveFunction = (fn, abi) => {
        if (typeof fn !== "string") throw new Error("fn must be a function signature");
        const requested = FunctionFragment.from(fn.startsWith("function ") ? fn : `function ${fn}`);
        if (/\breturns\b/.test(fn)) return requested;
        const sighash = requested.format("sighash");
        const local = abi
            ? new Interface(abi).fragments.find(
                  (f) => f.type === "function" && f.format("sighash") === sighash,
              )
            : null;
        return local || allFunctions.find((f) => f.format("sighash") === sighash) || requested;
    };

    // Custom errors of every compiled contract, to name reverts such as ERC721NonexistentToken.
    const errorsIface = new Interface(
        Object.values(artifacts.contracts).flatMap((c) => c.abi.filter((f) => f.type === "error")),
    );
    const describeError = (e) => {
        const message = e?.shortMessage || e?.message || String(e);
        const data = e?.data ?? e?.info?.error?.data;
        if (typeof data === "string" && data.length >= 10) {
            try {
                const parsed = errorsIface.parseError(data);
                if (parsed) {
                    const args = parsed.args.map((a) => JSON.stringify(fromAbiValue(a)).replace(/^"|"$/g, ""));
                    const prefix = message.replace(" (unknown custom error)", "");
                    return `${prefix}: ${parsed.name}(${args.join(", ")})`;
                }
            } catch {
                // Unknown selector: keep ethers' message.
            }
        }
        return message;
    };

    const wallet = (index) => {
        if (!Number.isInteger(index) || !wallets[index]) throw new Error(`bad account: ${index}`);
        return wallets[index];
    };

    const latestTimestamp = async () => {
        const block = await provider.send("eth_getBlockByNumber", ["latest", false]);
        return Number(BigInt(block.timestamp));
    };

    const signerWallet = (key) => {
        if (typeof key !== "string") throw new Error("key must be a 0x private key");
        return new Wallet(key);
    };

    const handlers = {
        async send(cmd) {
            const { address, abi } = resolveContract(cmd.contract);
            const fragment = resolveFunction(cmd.fn, abi);
            const args = (cmd.args || []).map((a, i) => toAbiValue(fragment.inputs[i], a));
            const contract = new Contract(address, [fragment], wallet(cmd.from));
            const overrides = cmd.value !== undefined ? { value: BigInt(cmd.value) } : {};
            let tx;
            try {
                tx = await contract.getFunction(fragment)(...args, overrides);
            } catch (e) {
                // Ganache's gas estimation drops the revert data; replay as a call to name it.
                await provider.call({
                    to: address,
                    from: wallet(cmd.from).address,
                    data: contract.interface.encodeFunctionData(fragment, args),
                    ...overrides,
                });
                throw e;
            }
            const receipt = await tx.wait();
            if (receipt.status !== 1) throw new Error(`transaction reverted: ${tx.hash}`);
            return tx.hash;
        },
        async call(cmd) {
            const { address, abi } = resolveContract(cmd.contract);
            const fragment = resolveFunction(cmd.fn, abi);
            const args = (cmd.args || []).map((a, i) => toAbiValue(fragment.inputs[i], a));
            const iface = new Interface([fragment]);
            const data = iface.encodeFunctionData(fragment, args);
            const from = cmd.from !== undefined ? wallet(cmd.from).address : undefined;
            const raw = await provider.call({ to: address, data, from });
            if (fragment.outputs.length === 0) return raw;
            const decoded = iface.decodeFunctionResult(fragment, raw);
            return decoded.length === 1 ? fromAbiValue(decoded[0]) : fromAbiValue([...decoded]);
        },
        async increaseTime(cmd) {
            const seconds = Number(cmd.seconds);
            if (!Number.isFinite(seconds) || seconds < 0) throw new Error("bad seconds");
            await provider.send("evm_increaseTime", [seconds]);
            await provider.send("evm_mine", []);
            return latestTimestamp();
        },
        async now() {
            return latestTimestamp();
        },
        async signReceipt(cmd) {
            const w = signerWallet(cmd.key);
            // ethers derives the domain type itself and rejects an explicit EIP712Domain.
            const types = { ...cmd.types };
            delete types.EIP712Domain;
            const signature = await w.signTypedData(cmd.domain, types, cmd.message);
            const signer = verifyTypedData(cmd.domain, types, cmd.message, signature);
            return { signature, signer: signer.toLowerCase() };
        },
        async signMessage(cmd) {
            const w = signerWallet(cmd.key);
            const signature = await w.signMessage(String(cmd.message));
            return { signature, signer: w.address.toLowerCase() };
        },
        async signHash(cmd) {
            const signature = new SigningKey(cmd.key).sign(cmd.hash).serialized;
            return { signature, signer: recoverAddress(cmd.hash, signature).toLowerCase() };
        },
        async stop() {
            // Answer first so the caller is not left waiting, then close.
            setImmediate(() => shutdown(0));
            return true;
        },
    };
    handlers.signTypedData = handlers.signReceipt;

    emit({ ready: true, rpc, chainId: CHAIN_ID, accounts, contracts, interfaceIds });
    log(`ready: ${JSON.stringify(contracts)}`);

    // Commands run strictly one after another so answers come back in order.
    let queue = Promise.resolve();
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    lines.on("line", (line) => {
        if (!line.trim()) return;
        queue = queue.then(async () => {
            let id = null;
            try {
                const cmd = JSON.parse(line);
                id = cmd.id ?? null;
                const handler = Object.hasOwn(handlers, cmd.cmd) ? handlers[cmd.cmd] : null;
                if (!handler) throw new Error(`unknown command: ${cmd.cmd}`);
                emit({ id, ok: true, result: jsonSafe(await handler(cmd)) });
            } catch (e) {
                const message = describeError(e);
                log(`command failed: ${line}\n`, e?.stack || e);
                emit({ id, ok: false, error: message });
            }
        });
    });
    // Stdin closes when the JVM exits or dies: finish pending answers, then stop the node.
    lines.on("close", () => queue.finally(() => shutdown(0)));
}

main().catch((e) => {
    log(e?.stack || e);
    emit({ ready: false, error: e?.message || String(e) });
    process.exit(1);
});
