// SPDX-License-Identifier: Apache-2.0
// Usage: node eip191-recover.mjs <0x signature> <file>
// Prints the address ethers recovers from an EIP-191 signature over the file's exact bytes.
import { readFileSync } from "node:fs";
import { verifyMessage } from "ethers";

const [signature, file] = process.argv.slice(2);
if (!signature || !file) {
  console.error("usage: node eip191-recover.mjs <0x signature> <file>");
  process.exit(2);
}
console.log(verifyMessage(new Uint8Array(readFileSync(file)), signature));
