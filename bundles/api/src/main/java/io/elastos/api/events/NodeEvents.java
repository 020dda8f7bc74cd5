// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.events;

/**
 * The events the node posts (asynchronously) through OSGi Event Admin. Subscribe with an {@code
 * org.osgi.service.event.EventHandler} service whose {@code event.topics} property names a topic
 * below, or {@link #ALL} for every one of them:
 *
 * <pre>{@code
 * @Component(property = EventConstants.EVENT_TOPIC + "=" + NodeEvents.APP_INSTALLED)
 * public class OnInstall implements EventHandler {
 *     public void handleEvent(Event e) { log(e.getProperty(NodeEvents.APP_ID)); }
 * }
 * }</pre>
 *
 * Events say what happened; they carry no secrets and no file contents. A handler runs on Event
 * Admin's threads, so it returns quickly.
 */
public final class NodeEvents {

    /** Every node event. */
    public static final String ALL = "io/elastos/*";

    /** A mini-app was installed: {@link #APP_ID}, {@link #APP_VERSION}. */
    public static final String APP_INSTALLED = "io/elastos/app/INSTALLED";

    /** A mini-app moved to another version (update or rollback): also {@link #PREVIOUS_VERSION}. */
    public static final String APP_UPDATED = "io/elastos/app/UPDATED";

    /** A mini-app was removed: {@link #APP_ID}. */
    public static final String APP_REMOVED = "io/elastos/app/REMOVED";

    /** An app's license state changed: {@link #APP_ID}, {@link #LICENSE_STATE} and a reason. */
    public static final String LICENSE_CHANGED = "io/elastos/license/CHANGED";

    /** A file or folder was published to the shared partition: {@link #CID}, {@link #PATH}. */
    public static final String FILE_PUBLISHED = "io/elastos/file/PUBLISHED";

    /** A peer connection was established: {@link #PEER_ID}, {@link #DIRECTION}. */
    public static final String PEER_CONNECTED = "io/elastos/peer/CONNECTED";

    /** Property: the app id. */
    public static final String APP_ID = "app.id";

    /** Property: the app version now running. */
    public static final String APP_VERSION = "app.version";

    /** Property: the version before the change. */
    public static final String PREVIOUS_VERSION = "app.previous.version";

    /** Property: {@code valid} or {@code lapsed}. */
    public static final String LICENSE_STATE = "license.state";

    /** Property: a short human-readable reason. */
    public static final String REASON = "reason";

    /** Property: the content identifier, as text. */
    public static final String CID = "cid";

    /** Property: the private path that was published. */
    public static final String PATH = "path";

    /** Property: the peer id, base58. */
    public static final String PEER_ID = "peer.id";

    /** Property: {@code inbound} or {@code outbound}. */
    public static final String DIRECTION = "direction";

    private NodeEvents() {}
}
