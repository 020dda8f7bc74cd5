// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.shell;

import io.elastos.api.identity.Did;
import io.elastos.api.identity.IdentityException;
import io.elastos.api.identity.NodeIdentity;
import io.elastos.api.identity.Role;
import io.elastos.api.identity.Session;
import io.elastos.identity.internal.access.AccessService;
import io.elastos.identity.internal.access.IdentityStore.User;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Gogo shell commands for the owner at the node's console: {@code identity:users}, {@code
 * identity:sessions}, {@code identity:revoke SESSION-ID}, {@code identity:paircode} and {@code
 * identity:pairconfirm CODE ROLE}. The console is on the node itself, so, like the admin token of
 * the CLI, it acts as the owner.
 */
@Component(
        service = IdentityCommands.class,
        property = {
            "osgi.command.scope=identity",
            "osgi.command.function=users",
            "osgi.command.function=sessions",
            "osgi.command.function=revoke",
            "osgi.command.function=paircode",
            "osgi.command.function=pairconfirm"
        })
public class IdentityCommands {

    /** Who confirms pairings when the node has no identity yet (the access filter's stand-in). */
    static final String CONSOLE_DID = io.elastos.identity.internal.web.AccessFilter.STAND_IN_DID;

    @Reference AccessService access;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile NodeIdentity node;

    /** Lists the users: DID, role, username and when they were added. */
    public String users() throws IdentityException {
        List<User> users = access.users();
        if (users.isEmpty()) {
            return "no users yet (the owner signs in first with the setup code in the node log)";
        }
        return users.stream().map(IdentityCommands::line).collect(Collectors.joining("\n"));
    }

    /** Lists every live session, of every user. */
    public String sessions() throws IdentityException {
        List<Session> sessions = access.allSessions();
        if (sessions.isEmpty()) {
            return "no sessions";
        }
        return sessions.stream().map(IdentityCommands::line).collect(Collectors.joining("\n"));
    }

    /** Ends a session at once. */
    public String revoke(String sessionId) throws IdentityException {
        return access.revoke(sessionId)
                ? "revoked session " + sessionId
                : "no such session: " + sessionId;
    }

    /** Makes a pairing code for a new device, as the node's own display would show it. */
    public String paircode() throws IdentityException {
        return "pairing code "
                + access.newPairingCode()
                + ", valid for "
                + access.pairingSeconds()
                + " s; confirm it with: identity:pairconfirm CODE guest|member";
    }

    /** Lets the device holding {@code code} claim a session with {@code role} (guest or member). */
    public String pairconfirm(String code, String role) throws IdentityException {
        Role r = role(role);
        access.confirmPairing(code, r, owner());
        return "confirmed "
                + code
                + ": the device that shows it may now claim a "
                + r.name().toLowerCase(Locale.ROOT)
                + " session";
    }

    /** The console acts for the owner with the node's own DID, as the CLI's admin token does. */
    private Did owner() {
        NodeIdentity n = node;
        return Did.of(n != null ? n.did() : CONSOLE_DID);
    }

    static Role role(String role) {
        String r = role == null ? "" : role.toLowerCase(Locale.ROOT);
        return switch (r) {
            case "guest" -> Role.GUEST;
            case "member" -> Role.MEMBER;
            default ->
                    throw new IllegalArgumentException(
                            "the role is guest or member (the node has one owner), not " + role);
        };
    }

    static String line(User u) {
        return String.format(
                "%-60s %-7s %-16s %s",
                u.did().value(),
                u.role().name().toLowerCase(Locale.ROOT),
                u.name() == null ? "-" : u.name(),
                u.createdAt());
    }

    static String line(Session s) {
        return String.format(
                "%-32s %-60s %-7s %-8s %s",
                s.id(),
                s.subject().value(),
                s.role().name().toLowerCase(Locale.ROOT),
                s.method().name().toLowerCase(Locale.ROOT),
                s.expiresAt());
    }
}
