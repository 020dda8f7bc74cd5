// SPDX-License-Identifier: Apache-2.0
// An AssemblyScript abort (failed assertion, out-of-bounds access) becomes the call's
// Extism error text before the trap, so the node's log says what went wrong.
// Built in with: asc ... --use abort=sdk/abort/elastosAbort
import { Memory } from "@extism/as-pdk";
import { error_set } from "@extism/as-pdk/lib/env";

export function elastosAbort(
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
