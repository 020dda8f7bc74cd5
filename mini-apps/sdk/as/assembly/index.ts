// SPDX-License-Identifier: Apache-2.0
// ElastOS Node mini-app SDK for AssemblyScript, on top of the official Extism PDK
// (@extism/as-pdk): typed host bindings, JSON, and an HTTP handler with routing.
export * from "./host";
export * from "./json";
export * from "./base64";
export * from "./http";
export { elastosAbort } from "./abort";
