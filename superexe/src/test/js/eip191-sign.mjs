// SPDX-License-Identifier: Apache-2.0
// Usage: node eip191-sign.mjs <0x private key> <file>
// Prints {"address": ..., "signature": ..., "recovered": ...} where signature is what a wallet's
// personal_sign (ethers Wallet.signMessage) returns for the file's exact bytes.
import { readFileSync } from "node:fs";
import { Wallet, verifyMessage } from "ethers";

const [key, file] = process.argv.slice(2);
if (!key || !file) {
  console.error("usage: node eip191-sign.mjs <0x private key> <file>");
  process.exit(2);
}
const bytes = new Uint8Array(readFileSync(file));
const wallet = new Wallet(key);
const signature = await wallet.signMessage(bytes);
const recovered = verifyMessage(bytes, signature);
console.log(JSON.stringify({ address: wallet.address, signature, recovered }));
