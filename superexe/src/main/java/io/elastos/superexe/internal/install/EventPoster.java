// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.install;

import io.elastos.api.events.NodeEvents;
import io.elastos.api.superexe.InstallResult;
import java.util.HashMap;
import java.util.Map;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Posts the app and license events of {@link NodeEvents}, when Event Admin is there. */
final class EventPoster {

    private volatile EventAdmin admin;

    void setAdmin(EventAdmin admin) {
        this.admin = admin;
    }

    /** The event of a successful install, update, rollback or removal; nothing otherwise. */
    InstallResult posted(InstallResult r) {
        if (!r.success()) {
            return r;
        }
        String topic =
                switch (r.operation()) {
                    case INSTALL -> NodeEvents.APP_INSTALLED;
                    case UPDATE, ROLLBACK -> NodeEvents.APP_UPDATED;
                    case REMOVE -> NodeEvents.APP_REMOVED;
                    default -> null;
                };
        if (topic != null) {
            Map<String, Object> p = new HashMap<>();
            p.put(NodeEvents.APP_ID, r.appId());
            if (r.version() != null) {
                p.put(NodeEvents.APP_VERSION, r.version());
            }
            if (r.previousVersion() != null) {
                p.put(NodeEvents.PREVIOUS_VERSION, r.previousVersion());
            }
            post(topic, p);
        }
        return r;
    }

    void license(String appId, boolean valid, String reason) {
        post(
                NodeEvents.LICENSE_CHANGED,
                Map.of(
                        NodeEvents.APP_ID,
                        appId,
                        NodeEvents.LICENSE_STATE,
                        valid ? "valid" : "lapsed",
                        NodeEvents.REASON,
                        reason == null ? "" : reason));
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin a = admin;
        if (a != null) {
            a.postEvent(new Event(topic, properties));
        }
    }
}
