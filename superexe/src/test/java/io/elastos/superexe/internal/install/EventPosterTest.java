// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.events.NodeEvents;
import io.elastos.api.superexe.InstallResult;
import io.elastos.api.superexe.InstallResult.Operation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** App and license changes become the documented events; failures and other actions do not. */
class EventPosterTest {

    final List<Event> posted = new ArrayList<>();
    final EventAdmin admin =
            new EventAdmin() {
                @Override
                public void postEvent(Event event) {
                    posted.add(event);
                }

                @Override
                public void sendEvent(Event event) {
                    posted.add(event);
                }
            };

    @Test
    void successfulChangesArePostedWithTheirProperties() {
        EventPoster p = new EventPoster();
        p.posted(InstallResult.succeeded(Operation.INSTALL, "org.x.a", "1.0.0", null, "ok"));
        p.setAdmin(admin);
        p.posted(InstallResult.succeeded(Operation.INSTALL, "org.x.a", "1.0.0", null, "ok"));
        p.posted(InstallResult.succeeded(Operation.UPDATE, "org.x.a", "1.1.0", "1.0.0", "ok"));
        p.posted(InstallResult.succeeded(Operation.ROLLBACK, "org.x.a", "1.0.0", "1.1.0", "ok"));
        p.posted(InstallResult.succeeded(Operation.SUSPEND, "org.x.a", "1.0.0", "1.0.0", "ok"));
        p.posted(InstallResult.succeeded(Operation.REMOVE, "org.x.a", "1.0.0", null, "ok"));
        p.license("org.x.a", false, "the NFT moved");
        assertEquals(
                List.of(
                        NodeEvents.APP_INSTALLED,
                        NodeEvents.APP_UPDATED,
                        NodeEvents.APP_UPDATED,
                        NodeEvents.APP_REMOVED,
                        NodeEvents.LICENSE_CHANGED),
                posted.stream().map(Event::getTopic).toList());
        Event update = posted.get(1);
        assertEquals("org.x.a", update.getProperty(NodeEvents.APP_ID));
        assertEquals("1.1.0", update.getProperty(NodeEvents.APP_VERSION));
        assertEquals("1.0.0", update.getProperty(NodeEvents.PREVIOUS_VERSION));
        assertEquals("lapsed", posted.get(4).getProperty(NodeEvents.LICENSE_STATE));
        assertTrue(posted.get(0).getTopic().matches(NodeEvents.ALL.replace("*", ".*")));
    }
}
