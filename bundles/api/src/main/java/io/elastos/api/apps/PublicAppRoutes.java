// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.apps;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The parts of installed apps' APIs reachable without a session, as their manifests declare them
 * ({@code "publicApi": ["frame/"]}); the node's access filter asks this before it refuses an
 * anonymous request to {@code /apps/<id>/api/…}. The app authenticates such callers itself (a
 * paired device's token, for one) and sees them with the role {@code anonymous}.
 */
@ProviderType
public interface PublicAppRoutes {

    /**
     * Tells whether an API path of an installed, running app may be called without a session.
     *
     * @param appId the app id
     * @param apiPath the path below {@code /apps/<id>/api/}, without a leading slash, such as
     *     {@code frame/feed}
     * @return whether the app's running version declares a public prefix covering the path
     */
    boolean isPublic(String appId, String apiPath);
}
