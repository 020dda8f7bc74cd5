// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.superexe;

import io.elastos.api.runtime.Capability;
import java.nio.file.Path;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Installs, updates, rolls back and removes mini-apps through the fail-closed pipeline: verify (by
 * the {@link PackageVerifier}), version, license, compile, then commit by storing the package,
 * recording the version and switching the app's head atomically. Nothing is written until every
 * check passes; in-flight requests finish on the old version.
 *
 * <p>No method throws for a refused or failed operation: the {@link InstallResult} says which step
 * failed and why. Every decision is written to the audit log with {@code actor}: the DID of the
 * user who asked, or the name of the node component that did (such as {@code deploy} for the
 * watched deploy folder). Operations on one app are serialized; implementations are thread-safe.
 */
@ProviderType
public interface Installer {

    /**
     * Installs an app that is not installed yet, granting it every capability it requests (the
     * owner consented by asking).
     *
     * @param pkg the package file
     * @param actor who asked, for the audit log
     * @return the result; fails at {@link InstallResult.Step#VERSION} if the app is already
     *     installed
     */
    InstallResult install(Path pkg, String actor);

    /**
     * Installs an app that is not installed yet with the capabilities the owner chose, which must
     * be among those the manifest requests.
     *
     * @param pkg the package file
     * @param grant the capabilities the owner grants
     * @param actor who asked, for the audit log
     * @return the result; fails at {@link InstallResult.Step#TRUST} if the grant names a capability
     *     the app did not request
     */
    InstallResult install(Path pkg, Set<Capability> grant, String actor);

    /**
     * Replaces an installed app's grant; the running version is recompiled with it and switched
     * without dropping calls. An app never gets a capability it did not request.
     *
     * @param appId the app
     * @param grant the capabilities the owner grants now
     * @param actor who asked, for the audit log
     * @return the result; fails at {@link InstallResult.Step#COMPILE} if the app imports a function
     *     the new grant no longer covers
     */
    InstallResult grant(String appId, Set<Capability> grant, String actor);

    /**
     * Stops serving an app without removing it; its calls fail until it is resumed.
     *
     * @param appId the app
     * @param actor who asked, for the audit log
     * @return the result
     */
    InstallResult suspend(String appId, String actor);

    /**
     * Serves a suspended app again.
     *
     * @param appId the app
     * @param actor who asked, for the audit log
     * @return the result
     */
    InstallResult resume(String appId, String actor);

    /**
     * Updates an installed app to a strictly newer version. If the new version's health call fails
     * after the switch, the head goes back to the previous version and the result fails at {@link
     * InstallResult.Step#HEALTH}.
     *
     * @param pkg the package file of the new version
     * @param actor who asked, for the audit log
     * @return the result; fails at {@link InstallResult.Step#VERSION} if the app is not installed
     *     or the version is not newer than the head
     */
    InstallResult update(Path pkg, String actor);

    /**
     * Moves an app's head back to an older version kept from an earlier install. The stored package
     * is verified and licensed again before the switch.
     *
     * @param appId the app
     * @param version the stored version to go back to
     * @param actor who asked, for the audit log
     * @return the result; fails at {@link InstallResult.Step#VERSION} if the app or the version is
     *     not stored or the version is not older than the head
     */
    InstallResult rollback(String appId, String version, String actor);

    /**
     * Removes an app: stops routing to it, drains and closes its instances, deletes its stored
     * packages, and keeps or deletes its storage scope.
     *
     * @param appId the app
     * @param keepData whether to keep the app's storage scope, for a later reinstall
     * @param actor who asked, for the audit log
     * @return the result; fails at {@link InstallResult.Step#VERSION} if the app is not installed
     */
    InstallResult remove(String appId, boolean keepData, String actor);
}
