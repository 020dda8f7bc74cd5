// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.host;

import io.elastos.p2p.internal.yamux.YamuxSession;
import java.time.Duration;
import java.util.Objects;

/**
 * The limits and names of a {@link Libp2pHost}.
 *
 * @param agentVersion the identify agent string, such as {@code elastos-node/0.1.0}
 * @param maxConnections connections kept at once, inbound and outbound together; more are refused
 * @param handshakeTimeout the longest a new connection may take from TCP to Yamux
 * @param negotiationTimeout the longest a new stream may take to agree on its protocol
 * @param idleTimeout a connection without streams or data for this long is closed
 * @param yamux the per-connection stream limits
 */
public record HostConfig(
        String agentVersion,
        int maxConnections,
        Duration handshakeTimeout,
        Duration negotiationTimeout,
        Duration idleTimeout,
        YamuxSession.Options yamux) {

    /** The agent version string when none is configured. */
    public static final String DEFAULT_AGENT = "elastos-node/0.1.0";

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException if a limit is not positive
     */
    public HostConfig {
        Objects.requireNonNull(agentVersion, "agentVersion");
        Objects.requireNonNull(yamux, "yamux");
        if (maxConnections < 1
                || handshakeTimeout.isNegative()
                || handshakeTimeout.isZero()
                || negotiationTimeout.isNegative()
                || negotiationTimeout.isZero()
                || idleTimeout.isNegative()
                || idleTimeout.isZero()) {
            throw new IllegalArgumentException("host limits must be positive");
        }
    }

    /**
     * Returns the defaults: 256 connections, 10 s handshakes, 10 s stream negotiation, 5 min idle.
     *
     * @return the default configuration
     */
    public static HostConfig defaults() {
        return new HostConfig(
                DEFAULT_AGENT,
                256,
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofMinutes(5),
                YamuxSession.Options.DEFAULTS);
    }

    /**
     * Returns a copy with another connection limit.
     *
     * @param value the new limit
     * @return the changed configuration
     */
    public HostConfig withMaxConnections(int value) {
        return new HostConfig(
                agentVersion, value, handshakeTimeout, negotiationTimeout, idleTimeout, yamux);
    }

    /**
     * Returns a copy with another handshake timeout.
     *
     * @param value the new timeout
     * @return the changed configuration
     */
    public HostConfig withHandshakeTimeout(Duration value) {
        return new HostConfig(
                agentVersion, maxConnections, value, negotiationTimeout, idleTimeout, yamux);
    }

    /**
     * Returns a copy with another idle timeout.
     *
     * @param value the new timeout
     * @return the changed configuration
     */
    public HostConfig withIdleTimeout(Duration value) {
        return new HostConfig(
                agentVersion, maxConnections, handshakeTimeout, negotiationTimeout, value, yamux);
    }

    /**
     * Returns a copy with other Yamux limits.
     *
     * @param value the new limits
     * @return the changed configuration
     */
    public HostConfig withYamux(YamuxSession.Options value) {
        return new HostConfig(
                agentVersion,
                maxConnections,
                handshakeTimeout,
                negotiationTimeout,
                idleTimeout,
                value);
    }
}
