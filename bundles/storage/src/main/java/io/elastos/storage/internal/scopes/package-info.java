// SPDX-License-Identifier: Apache-2.0
/**
 * The per-app storage scopes ({@link io.elastos.api.storage.ScopeStore}), kept encrypted in the
 * private partition under {@code /.apps/<scope id>/}, with a quota per scope.
 */
package io.elastos.storage.internal.scopes;
