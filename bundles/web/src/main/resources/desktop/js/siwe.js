// SPDX-License-Identifier: Apache-2.0
// Sign-In with Ethereum (EIP-4361) through an injected EIP-1193 wallet (window.ethereum).
// The message is built exactly as docs/identity.md and the node's parser expect: the node's
// domain and URI from POST /api/auth/nonce, an EIP-55 address, an allowed chain id, the nonce,
// Issued At and an Expiration Time; the wallet signs it with personal_sign.

import { api } from './api.js';
import { keccak256 } from './keccak.js';

const STATEMENT = 'Sign in to your ElastOS node.';

/** The EIP-55 mixed-case checksum form of an address. */
export function toChecksumAddress(address) {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new Error('the wallet gave no valid address');
  const hex = address.slice(2).toLowerCase();
  const hash = keccak256(new TextEncoder().encode(hex));
  let out = '0x';
  for (let i = 0; i < 40; i++) {
    const nibble = (hash[i >> 1] >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    out += nibble >= 8 ? hex[i].toUpperCase() : hex[i];
  }
  return out;
}

/** RFC 3339 in UTC with milliseconds, as toISOString writes it. */
function timestamp(ms) {
  return new Date(ms).toISOString();
}

/** The EIP-4361 text; fields in the order the ABNF fixes, lines joined by LF only. */
export function buildMessage({ domain, address, uri, chainId, nonce, issuedAt, expirationTime, statement = STATEMENT }) {
  const lines = [
    `${domain} wants you to sign in with your Ethereum account:`,
    address,
    '',
    statement,
    '',
    `URI: ${uri}`,
    'Version: 1',
    `Chain ID: ${chainId}`,
    `Nonce: ${nonce}`,
    `Issued At: ${issuedAt}`,
  ];
  if (expirationTime) lines.push(`Expiration Time: ${expirationTime}`);
  return lines.join('\n');
}

function toHex(text) {
  return '0x' + [...new TextEncoder().encode(text)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function provider() {
  const eth = window.ethereum;
  if (!eth || typeof eth.request !== 'function') {
    throw new Error('No wallet found in this browser. Install or unlock a wallet extension, or use a password or pairing.');
  }
  return eth;
}

/**
 * Asks the wallet for its account, fetches a nonce and has the wallet sign the message.
 * Answers {message, signature, address, chainId}; `onStep` receives progress text.
 */
export async function signIn(onStep = () => {}) {
  const eth = provider();
  onStep('Waiting for the wallet to share its account…');
  const accounts = await eth.request({ method: 'eth_requestAccounts' });
  if (!Array.isArray(accounts) || accounts.length === 0) throw new Error('the wallet shared no account');
  const address = toChecksumAddress(accounts[0]);
  const n = await api('POST', '/api/auth/nonce');
  let chainId = n.chainIds[0];
  try {
    const current = parseInt(await eth.request({ method: 'eth_chainId' }), 16);
    // The session's DID names the chain, so use the wallet's own chain when the node accepts it.
    if (n.chainIds.includes(current)) chainId = current;
  } catch { /* the first chain the node accepts */ }
  const now = Date.now();
  const message = buildMessage({
    domain: n.domain,
    address,
    uri: n.uri,
    chainId,
    nonce: n.nonce,
    issuedAt: timestamp(now),
    expirationTime: timestamp(now + 10 * 60 * 1000),
  });
  onStep(`Sign the message in your wallet (account ${address.slice(0, 6)}…${address.slice(-4)}, chain ${chainId})…`);
  const signature = await eth.request({ method: 'personal_sign', params: [toHex(message), address] });
  if (typeof signature !== 'string' || !/^0x[0-9a-fA-F]+$/.test(signature)) throw new Error('the wallet gave no signature');
  return { message, signature, address, chainId };
}
