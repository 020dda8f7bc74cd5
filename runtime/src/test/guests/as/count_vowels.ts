// count_vowels_as.wasm: AssemblyScript twin of count_vowels_c.wasm, built
// with @extism/as-pdk. Output must match the C guest byte for byte.
//   count_vowels: {"count":N,"total":T,"vowels":"aeiouAEIOU"}, T kept in var "total"
//   echo:         output = input bytes unchanged
import { Host, Var, Memory } from "@extism/as-pdk";
import { error_set } from "@extism/as-pdk/lib/env";

const VOWELS = "aeiouAEIOU";

// Used through `--use abort=as/count_vowels/abortHandler`: report the failure
// as the Extism error text, then trap.
function abortHandler(
  message: string | null,
  fileName: string | null,
  lineNumber: u32,
  columnNumber: u32,
): void {
  const text =
    "abort: " +
    (message === null ? "" : message) +
    " at " +
    (fileName === null ? "?" : fileName) +
    ":" +
    lineNumber.toString() +
    ":" +
    columnNumber.toString();
  error_set(Memory.allocateString(text).offset);
  unreachable();
}

function isVowel(c: u8): bool {
  for (let i = 0; i < VOWELS.length; i++) {
    if (<u8>VOWELS.charCodeAt(i) == c) return true;
  }
  return false;
}

// Leading decimal digits as an unsigned number (0 if there are none).
function parseU64(bytes: Uint8Array): u64 {
  let v: u64 = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c < 0x30 || c > 0x39) break;
    v = v * 10 + <u64>(c - 0x30);
  }
  return v;
}

function utf8(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

export function count_vowels(): i32 {
  const input = Host.input();
  let count: u64 = 0;
  for (let i = 0; i < input.length; i++) {
    if (isVowel(input[i])) count++;
  }

  const prev = Var.get("total");
  let total: u64 = prev === null ? 0 : parseU64(prev);
  total += count;
  Var.set("total", utf8(total.toString()));

  const json =
    '{"count":' +
    count.toString() +
    ',"total":' +
    total.toString() +
    ',"vowels":"' +
    VOWELS +
    '"}';
  Host.output(utf8(json));
  return 0;
}

export function echo(): i32 {
  const input = Host.input();
  if (input.length > 0) Host.output(input);
  return 0;
}
