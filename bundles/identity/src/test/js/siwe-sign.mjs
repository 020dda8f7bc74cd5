// SPDX-License-Identifier: Apache-2.0
//
// Builds and signs Sign-In with Ethereum (EIP-4361) messages for the identity bundle's Java tests,
// with the reference `siwe` package and an ethers Wallet, so that the Java verifier is tested
// against what real wallets and dapps produce rather than against its own output.
//
// Reads one JSON request on stdin and prints one JSON line on stdout:
//
//   {"key": "0x<private key>",          the signing key
//    "fields": {domain, uri, chainId, nonce, issuedAt, scheme?, address?, statement?,
//               expirationTime?, notBefore?, requestId?, resources?}}
//     -> the message is SiweMessage.prepareMessage() of the fields; the address defaults to the
//        key's own and is written in its EIP-55 form
//   {"key": "0x...", "message": "<exact text>"}
//     -> signs the given text as is (for malformed messages the siwe package refuses to build)
//
//   output: {"message": "...", "signature": "0x<65 bytes>", "address": "0x<signer, EIP-55>"}
//
// Errors go to stderr with exit code 1.

import { Wallet, getAddress } from "ethers";
import { SiweMessage } from "siwe";

async function readStdin() {
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    return Buffer.concat(chunks).toString("utf8");
}

async function main() {
    const request = JSON.parse(await readStdin());
    const wallet = new Wallet(request.key);
    let message;
    if (typeof request.message === "string") {
        message = request.message;
    } else if (request.fields && typeof request.fields === "object") {
        const fields = { version: "1", ...request.fields };
        fields.address = getAddress(fields.address ?? wallet.address);
        // The siwe package parses what it builds, so malformed fields fail here.
        message = new SiweMessage(fields).prepareMessage();
    } else {
        throw new Error("the request needs either 'message' or 'fields'");
    }
    const signature = await wallet.signMessage(message);
    process.stdout.write(JSON.stringify({ message, signature, address: wallet.address }) + "\n");
}

main().catch((e) => {
    process.stderr.write(`siwe-sign: ${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
});
