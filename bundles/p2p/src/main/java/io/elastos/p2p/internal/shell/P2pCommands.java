// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.shell;

import io.elastos.api.identity.Did;
import io.elastos.api.p2p.P2pException;
import io.elastos.api.p2p.PeerInfo;
import io.elastos.p2p.internal.P2pService;
import io.elastos.p2p.internal.msg.MessageLog;
import io.elastos.p2p.internal.peer.PeerIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo shell commands at the node's console: {@code p2p:id}, {@code p2p:peers}, {@code p2p:connect
 * ADDR}, {@code p2p:ping PEER} and {@code p2p:send DID TEXT}.
 */
@Component(
        service = P2pCommands.class,
        property = {
            "osgi.command.scope=p2p",
            "osgi.command.function=id",
            "osgi.command.function=peers",
            "osgi.command.function=connect",
            "osgi.command.function=ping",
            "osgi.command.function=send"
        })
public class P2pCommands {

    @Reference P2pService p2p;

    /** This node's peer id and addresses. */
    public String id() {
        return p2p.peerId()
                + "\n"
                + PeerIds.toCid(p2p.peerId())
                + "\n"
                + String.join("\n", p2p.listenAddresses());
    }

    /** The connected peers. */
    public String peers() {
        if (p2p.peers().isEmpty()) {
            return "(no peers)";
        }
        return p2p.peers().stream()
                .map(p -> p.id() + "  " + String.join(",", p.addresses()) + "  " + p.agentVersion())
                .collect(Collectors.joining("\n"));
    }

    /** Dials a multiaddr. */
    public String connect(String address) throws P2pException {
        PeerInfo p = p2p.connect(address);
        return "connected to " + p.id() + " (" + p.agentVersion() + ")";
    }

    /** Pings a connected peer. */
    public String ping(String peer) throws P2pException {
        return String.format("%.2f ms", p2p.ping(PeerIds.parse(peer)).toNanos() / 1e6);
    }

    /** Sends a text message to a contact. */
    public String send(String did, String text) throws P2pException {
        MessageLog.Entry e =
                p2p.messaging()
                        .send(
                                Did.of(did),
                                text.getBytes(StandardCharsets.UTF_8),
                                Duration.ofSeconds(5));
        return e.id() + " " + e.status() + (e.detail() == null ? "" : " (" + e.detail() + ")");
    }
}
