// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.access;

import io.elastos.api.audit.AuditEvent;
import io.elastos.api.audit.AuditLog;
import io.elastos.api.chain.SignatureChecker;
import io.elastos.api.identity.AccessGrants;
import io.elastos.api.identity.AuthenticationException;
import io.elastos.api.identity.AuthenticationException.Reason;
import io.elastos.api.identity.Did;
import io.elastos.api.identity.IdentityException;
import io.elastos.api.identity.LoginContext;
import io.elastos.api.identity.NodeIdentity;
import io.elastos.api.identity.NodeOwner;
import io.elastos.api.identity.Role;
import io.elastos.api.identity.Session;
import io.elastos.api.identity.SessionService;
import io.elastos.api.identity.SessionToken;
import io.elastos.api.identity.SiweNonce;
import io.elastos.api.metadata.MetadataException;
import io.elastos.api.metadata.MetadataStore;
import io.elastos.identity.internal.DidKey;
import io.elastos.identity.internal.access.IdentityStore.Code;
import io.elastos.identity.internal.access.IdentityStore.Grant;
import io.elastos.identity.internal.access.IdentityStore.SessionRow;
import io.elastos.identity.internal.access.IdentityStore.User;
import io.elastos.identity.internal.password.LoginThrottle;
import io.elastos.identity.internal.password.PasswordHasher;
import io.elastos.identity.internal.siwe.SiweVerifier;
import java.lang.System.Logger.Level;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Who may do what on the node: users (owner, members, guests), sign-in by wallet (SIWE) or
 * password, device pairing, and sessions. The first owner is whoever signs in first with the
 * one-time setup code the node writes to its log at first start.
 */
@Component(
        service = {SessionService.class, AccessGrants.class, NodeOwner.class, AccessService.class},
        configurationPid = "io.elastos.identity.access",
        immediate = true)
@Designate(ocd = AccessService.Config.class)
public class AccessService implements SessionService, AccessGrants, NodeOwner {
    private static final System.Logger LOG = System.getLogger(AccessService.class.getName());
    private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9._-]{1,31}");
    private static final Pattern ATTEMPT = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    static final String SETUP = "setup";
    static final String PAIRING = "pairing";

    @ObjectClassDefinition(
            name = "ElastOS access",
            description = "Sessions, wallet sign-in and device pairing.")
    @interface Config {
        @AttributeDefinition(description = "Minutes a session survives without use.")
        int session_idle_minutes() default 720;

        @AttributeDefinition(description = "Hours a session lives at most.")
        int session_absolute_hours() default 720;

        @AttributeDefinition(description = "Chain ids accepted in Sign-In with Ethereum messages.")
        String siwe_chains() default "1, 20";

        @AttributeDefinition(description = "Minutes a pairing code shown on the node is valid.")
        int pairing_minutes() default 5;
    }

    @Reference MetadataStore metadata;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile SignatureChecker signatures;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile AuditLog audit;

    /** The node's own DID, named in shared credentials so they open nothing on other nodes. */
    String nodeDid;

    @Reference
    void setNodeIdentity(NodeIdentity node) {
        nodeDid = node.did();
    }

    Clock clock = Clock.systemUTC();
    Duration idle = Duration.ofHours(12);
    Duration absolute = Duration.ofDays(30);
    Duration nonceLife = Duration.ofMinutes(10);
    Duration pairingLife = Duration.ofMinutes(5);
    Set<Long> siweChains = Set.of(1L, 20L);

    /** The setup code made at this start, for tests; never exposed over HTTP. */
    String lastSetupCode;

    private final PasswordHasher hasher = new PasswordHasher();
    private LoginThrottle throttle;
    private IdentityStore store;

    @Activate
    void activate(Config config) throws MetadataException, SQLException {
        idle = Duration.ofMinutes(Math.max(1, config.session_idle_minutes()));
        absolute = Duration.ofHours(Math.max(1, config.session_absolute_hours()));
        pairingLife = Duration.ofMinutes(Math.max(1, config.pairing_minutes()));
        siweChains = chains(config.siwe_chains());
        open();
    }

    /** Opens the store and, while the node has no owner, makes a fresh setup code. */
    void open() throws MetadataException, SQLException {
        store = new IdentityStore(metadata);
        throttle = new LoginThrottle(clock);
        Instant now = clock.instant();
        store.purge(now, now.minus(idle), now);
        if (!store.hasOwner()) {
            String code = Secrets.displayCode(12);
            store.deleteCodes(SETUP);
            store.addCode(
                    new Code(
                            Secrets.codeHash(code),
                            SETUP,
                            Role.OWNER,
                            null,
                            now.plus(Duration.ofDays(3650))));
            LOG.log(
                    Level.WARNING,
                    "This node has no owner yet. Setup code: {0} (sign in with it once, by wallet"
                            + " or password, to become the owner; a restart makes a new code)",
                    code);
            lastSetupCode = code;
        }
    }

    static Set<Long> chains(String setting) {
        List<Long> out = new ArrayList<>();
        for (String part : setting.split(",")) {
            if (!part.isBlank()) {
                long id = Long.parseLong(part.strip());
                if (id < 1) {
                    throw new IllegalArgumentException("chain id must be positive: " + id);
                }
                out.add(id);
            }
        }
        return Set.copyOf(out);
    }

    // ------------------------------------------------------------------ sign-in

    /** A fresh attempt secret for the client's sign-in cookie. */
    public static String newAttempt() {
        return Secrets.token();
    }

    /** The chain ids SIWE messages may name. */
    public List<Long> siweChainIds() {
        return siweChains.stream().sorted().toList();
    }

    /** How long a pairing code shown on the node is valid. */
    public long pairingSeconds() {
        return pairingLife.toSeconds();
    }

    @Override
    public SiweNonce issueNonce(String attempt) throws IdentityException {
        checkAttempt(attempt);
        String nonce = Secrets.nonce();
        Instant expires = clock.instant().plus(nonceLife);
        try {
            store.addNonce(nonce, Secrets.sha256(attempt), expires);
        } catch (SQLException e) {
            throw new IdentityException("cannot store the sign-in nonce", e);
        }
        return new SiweNonce(nonce, expires);
    }

    @Override
    public SessionToken loginWithSiwe(
            String message, byte[] signature, String attempt, LoginContext ctx)
            throws IdentityException {
        Did wallet = verifySiwe(message, signature, attempt, ctx);
        User user = known(wallet, ctx);
        return open(user, Session.Method.SIWE, ctx);
    }

    @Override
    public SessionToken loginWithPassword(String username, char[] password, LoginContext ctx)
            throws IdentityException {
        String name = username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT);
        Optional<Duration> wait = throttle.blocked(name, ctx.client());
        if (wait.isPresent()) {
            refuse(
                    Reason.RATE_LIMITED,
                    name,
                    ctx,
                    "too many failed attempts; next allowed in " + wait.get().toSeconds() + " s");
        }
        Optional<User> user;
        try {
            user = store.userByName(name);
        } catch (SQLException e) {
            throw new IdentityException("cannot read the users", e);
        }
        // Hash even for unknown users, so timing does not tell which names exist.
        String phc = user.map(User::password).orElse(null);
        boolean ok;
        try {
            ok = phc != null ? hasher.verify(password, phc) : hasher.verifyDummy(password);
        } catch (IllegalArgumentException e) {
            // A damaged stored hash is not a wrong password: say so in the log, refuse anyway.
            LOG.log(
                    Level.ERROR,
                    "the stored password hash of {0} is damaged: {1}",
                    name,
                    e.getMessage());
            ok = false;
        }
        if (!ok) {
            throttle.failed(name, ctx.client());
            refuse(
                    Reason.BAD_CREDENTIALS,
                    name,
                    ctx,
                    user.isEmpty() ? "no such user" : "wrong password");
        }
        throttle.succeeded(name, ctx.client());
        if (hasher.needsRehash(phc)) {
            try {
                store.setPassword(user.get().did(), hasher.hash(password));
            } catch (SQLException e) {
                LOG.log(Level.WARNING, "could not store the stronger hash of {0}", name);
            }
        }
        return open(user.get(), Session.Method.PASSWORD, ctx);
    }

    /**
     * Makes the first owner: the setup code from the node's log and a wallet sign-in. The code is
     * used up, so this works once.
     */
    public SessionToken claimWithSiwe(
            String setupCode, String message, byte[] signature, String attempt, LoginContext ctx)
            throws IdentityException {
        Did wallet = verifySiwe(message, signature, attempt, ctx);
        useSetupCode(setupCode, wallet.value(), ctx);
        User owner = new User(wallet, Role.OWNER, null, null, clock.instant());
        return addAndOpen(owner, Session.Method.SIWE, ctx);
    }

    /** Makes the first owner with a username and password and the setup code. */
    public SessionToken claimWithPassword(
            String setupCode, String username, char[] password, LoginContext ctx)
            throws IdentityException {
        String name = checkUsername(username);
        hasher.checkStrength(password);
        useSetupCode(setupCode, name, ctx);
        User owner = new User(localDid(), Role.OWNER, name, hasher.hash(password), clock.instant());
        return addAndOpen(owner, Session.Method.PASSWORD, ctx);
    }

    private Did verifySiwe(String message, byte[] signature, String attempt, LoginContext ctx)
            throws IdentityException {
        SignatureChecker checker = signatures;
        if (checker == null) {
            refuse(Reason.CHAIN_UNAVAILABLE, "wallet", ctx, "the chain bundle is not running");
        }
        if (attempt == null || !ATTEMPT.matcher(attempt).matches()) {
            refuse(Reason.INVALID_NONCE, "wallet", ctx, "no sign-in attempt cookie");
        }
        String attemptHash = Secrets.sha256(attempt);
        try {
            return new SiweVerifier(checker)
                    .verify(
                            message,
                            signature,
                            new SiweVerifier.Expectations(
                                    ctx.domain(),
                                    ctx.origin(),
                                    siweChains,
                                    nonce -> {
                                        try {
                                            return store.consumeNonce(
                                                    nonce, attemptHash, clock.instant());
                                        } catch (SQLException e) {
                                            return false;
                                        }
                                    },
                                    clock,
                                    SiweVerifier.DEFAULT_MAX_CLOCK_SKEW));
        } catch (AuthenticationException e) {
            refuse(e.reason(), "wallet", ctx, e.getMessage());
            throw e; // not reached
        }
    }

    private void useSetupCode(String typed, String who, LoginContext ctx) throws IdentityException {
        try {
            if (store.hasOwner()) {
                refuse(Reason.UNKNOWN_ACCOUNT, who, ctx, "the node already has an owner");
            }
            String hash = Secrets.codeHash(typed == null ? "" : typed);
            Optional<Code> code = store.code(hash);
            if (code.isEmpty() || !code.get().kind().equals(SETUP) || !store.useCode(hash)) {
                throttle.failed("#setup", ctx.client());
                refuse(Reason.BAD_CREDENTIALS, who, ctx, "wrong setup code");
            }
        } catch (SQLException e) {
            throw new IdentityException("cannot read the setup code", e);
        }
    }

    private User known(Did did, LoginContext ctx) throws IdentityException {
        try {
            Optional<User> user = store.user(did);
            if (user.isEmpty()) {
                refuse(
                        Reason.UNKNOWN_ACCOUNT,
                        did.value(),
                        ctx,
                        "the wallet signed correctly but is not a user of this node");
            }
            return user.get();
        } catch (SQLException e) {
            throw new IdentityException("cannot read the users", e);
        }
    }

    // ------------------------------------------------------------------ sessions

    private SessionToken addAndOpen(User user, Session.Method method, LoginContext ctx)
            throws IdentityException {
        try {
            store.addUser(user);
        } catch (SQLException e) {
            throw new IdentityException("cannot store the user " + user.did(), e);
        }
        record("user.add", user.did().value(), AuditEvent.Outcome.ALLOWED, user.role().name());
        return open(user, method, ctx);
    }

    private SessionToken open(User user, Session.Method method, LoginContext ctx)
            throws IdentityException {
        Instant now = clock.instant();
        Session session =
                new Session(Secrets.id(), user.did(), user.role(), method, now, now.plus(absolute));
        String token = Secrets.token();
        String csrf = Secrets.token();
        try {
            store.addSession(
                    new SessionRow(session, Secrets.sha256(csrf), now),
                    Secrets.sha256(token),
                    ctx.client());
        } catch (SQLException e) {
            throw new IdentityException("cannot store the session", e);
        }
        record(
                "auth.login",
                user.did().value(),
                AuditEvent.Outcome.ALLOWED,
                method + " from " + ctx.client() + " as " + user.role());
        return new SessionToken(token, csrf, session);
    }

    @Override
    public Optional<Session> validate(String token) {
        return row(token).map(SessionRow::session);
    }

    /** The live session row of a token: not revoked, within both its idle and absolute ends. */
    Optional<SessionRow> row(String token) {
        if (token == null || token.length() < 32 || token.length() > 64) {
            return Optional.empty();
        }
        try {
            Optional<SessionRow> row = store.sessionByToken(Secrets.sha256(token));
            Instant now = clock.instant();
            if (row.isEmpty()
                    || row.get().session().expiredAt(now)
                    || !now.isBefore(row.get().lastSeen().plus(idle))) {
                return Optional.empty();
            }
            // Write the last use at most once a minute: this runs on every request.
            if (row.get().lastSeen().plus(Duration.ofMinutes(1)).isBefore(now)) {
                store.touch(row.get().session().id(), now);
            }
            return row;
        } catch (SQLException e) {
            LOG.log(Level.ERROR, "cannot read sessions; refusing the request: {0}", e.toString());
            return Optional.empty();
        }
    }

    /**
     * The session of a cookie, if live.
     *
     * @param session the session, empty if the cookie opens none
     * @param csrfRefused whether the session is live but a state-changing request lacks its CSRF
     *     token
     */
    public record CookieSession(Optional<Session> session, boolean csrfRefused) {}

    /**
     * Checks a session cookie; a state-changing request must also present the session's CSRF token
     * (double submit: the token came with the login answer, a cross-site page cannot read it).
     */
    public CookieSession cookieSession(String token, boolean changesState, String csrfHeader) {
        Optional<SessionRow> row = row(token);
        if (row.isEmpty()) {
            return new CookieSession(Optional.empty(), false);
        }
        boolean csrfOk =
                csrfHeader != null
                        && Secrets.same(row.get().csrfHash(), Secrets.sha256(csrfHeader));
        if (changesState && !csrfOk) {
            LOG.log(
                    Level.WARNING,
                    "refused a state-changing request of session {0}: missing or wrong CSRF token",
                    row.get().session().id());
            return new CookieSession(Optional.empty(), true);
        }
        return new CookieSession(row.map(SessionRow::session), false);
    }

    @Override
    public List<Session> sessions(Did subject) throws IdentityException {
        try {
            return live(store.sessionsOf(subject));
        } catch (SQLException e) {
            throw new IdentityException("cannot read sessions", e);
        }
    }

    /** Every live session, for the owner. */
    public List<Session> allSessions() throws IdentityException {
        try {
            return live(store.allSessions());
        } catch (SQLException e) {
            throw new IdentityException("cannot read sessions", e);
        }
    }

    private List<Session> live(List<SessionRow> rows) {
        Instant now = clock.instant();
        return rows.stream()
                .filter(r -> !r.session().expiredAt(now) && now.isBefore(r.lastSeen().plus(idle)))
                .map(SessionRow::session)
                .toList();
    }

    @Override
    public boolean revoke(String sessionId) throws IdentityException {
        try {
            boolean done = store.deleteSession(sessionId);
            record("auth.logout", sessionId, AuditEvent.Outcome.ALLOWED, "session revoked");
            return done;
        } catch (SQLException e) {
            throw new IdentityException("cannot revoke the session", e);
        }
    }

    @Override
    public int revokeAll(Did subject) throws IdentityException {
        try {
            int n = live(store.sessionsOf(subject)).size();
            store.deleteSessionsOf(subject); // expired rows too
            record("auth.logout", subject.value(), AuditEvent.Outcome.ALLOWED, n + " sessions");
            return n;
        } catch (SQLException e) {
            throw new IdentityException("cannot revoke sessions", e);
        }
    }

    // ------------------------------------------------------------------ users

    @Override
    public Optional<Did> ownerDid() {
        try {
            return store.users().stream()
                    .filter(u -> u.role() == Role.OWNER)
                    .map(User::did)
                    .findFirst();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "cannot read the owner: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The node's users. */
    public List<User> users() throws IdentityException {
        try {
            return store.users();
        } catch (SQLException e) {
            throw new IdentityException("cannot read the users", e);
        }
    }

    /** Adds a member or guest who signs in with a wallet. */
    public User inviteWallet(Did wallet, Role role, Did by) throws IdentityException {
        if (wallet.evmAddress().isEmpty()) {
            throw new IllegalArgumentException("a wallet user is a did:pkh:eip155 account");
        }
        return invite(new User(wallet, checkInvited(role), null, null, clock.instant()), by);
    }

    /** Adds a member or guest who signs in with a username and password. */
    public User invitePassword(String username, char[] password, Role role, Did by)
            throws IdentityException {
        String name = checkUsername(username);
        hasher.checkStrength(password);
        return invite(
                new User(
                        localDid(),
                        checkInvited(role),
                        name,
                        hasher.hash(password),
                        clock.instant()),
                by);
    }

    private User invite(User user, Did by) throws IdentityException {
        try {
            if (store.user(user.did()).isPresent()
                    || (user.name() != null && store.userByName(user.name()).isPresent())) {
                throw new IllegalArgumentException("that user already exists");
            }
            store.addUser(user);
        } catch (SQLException e) {
            throw new IdentityException("cannot store the user", e);
        }
        record(
                "user.add",
                user.did().value(),
                AuditEvent.Outcome.ALLOWED,
                user.role() + " by " + by);
        return user;
    }

    /** Removes a member or guest and ends their sessions; the owner cannot be removed. */
    public boolean removeUser(Did did, Did by) throws IdentityException {
        try {
            Optional<User> u = store.user(did);
            if (u.isPresent() && u.get().role() == Role.OWNER) {
                throw new IllegalArgumentException("the owner cannot be removed");
            }
            boolean removed = store.removeUser(did);
            record("user.remove", did.value(), AuditEvent.Outcome.ALLOWED, "by " + by);
            return removed;
        } catch (SQLException e) {
            throw new IdentityException("cannot remove the user", e);
        }
    }

    // ------------------------------------------------------------------ device pairing

    /**
     * A pairing code for the node's display: valid for a few minutes, once. A signed-in owner
     * confirms it with a role, then the new device exchanges it for a session.
     */
    public String newPairingCode() throws IdentityException {
        String code = Secrets.displayCode(8);
        try {
            store.addCode(
                    new Code(
                            Secrets.codeHash(code),
                            PAIRING,
                            Role.GUEST,
                            null,
                            clock.instant().plus(pairingLife)));
        } catch (SQLException e) {
            throw new IdentityException("cannot store the pairing code", e);
        }
        return code;
    }

    /** The owner confirms a code shown on a device, choosing the device's role. */
    public void confirmPairing(String typed, Role role, Did owner) throws IdentityException {
        try {
            String hash = Secrets.codeHash(typed);
            Optional<Code> code = store.code(hash);
            if (code.isEmpty()
                    || !code.get().kind().equals(PAIRING)
                    || !clock.instant().isBefore(code.get().expiresAt())) {
                throw new AuthenticationException(
                        Reason.BAD_CREDENTIALS, "unknown or expired pairing code");
            }
            store.confirmCode(hash, checkInvited(role), owner.value());
        } catch (SQLException e) {
            throw new IdentityException("cannot confirm the pairing code", e);
        }
    }

    /** A device exchanges a confirmed pairing code for a session as a new user of that role. */
    public SessionToken claimPairing(String typed, LoginContext ctx) throws IdentityException {
        Optional<Duration> wait = throttle.blocked("#pairing", ctx.client());
        if (wait.isPresent()) {
            refuse(Reason.RATE_LIMITED, "pairing", ctx, "too many wrong pairing codes");
        }
        try {
            String hash = Secrets.codeHash(typed == null ? "" : typed);
            Optional<Code> code = store.code(hash);
            boolean ok =
                    code.isPresent()
                            && code.get().kind().equals(PAIRING)
                            && code.get().confirmedBy() != null
                            && clock.instant().isBefore(code.get().expiresAt())
                            && store.useCode(hash);
            if (!ok) {
                throttle.failed("#pairing", ctx.client());
                refuse(
                        Reason.BAD_CREDENTIALS,
                        "pairing",
                        ctx,
                        code.isPresent() && code.get().confirmedBy() == null
                                ? "pairing code not confirmed by the owner yet"
                                : "unknown, used or expired pairing code");
            }
            User device = new User(localDid(), code.get().role(), null, null, clock.instant());
            return addAndOpen(device, Session.Method.PAIRING, ctx);
        } catch (SQLException e) {
            throw new IdentityException("cannot read the pairing code", e);
        }
    }

    // ------------------------------------------------------------------ grants and sharing

    @Override
    public boolean allowed(Session caller, String resource) {
        if (caller.role() == Role.OWNER) {
            return true;
        }
        try {
            Instant now = clock.instant();
            return store.grantsOf(caller.subject()).stream()
                    .anyMatch(g -> live(g, now) && covers(g.resource(), resource));
        } catch (SQLException e) {
            LOG.log(Level.ERROR, "cannot read grants; refusing: {0}", e.toString());
            return false;
        }
    }

    private static boolean live(Grant g, Instant now) {
        return !g.revoked() && (g.validUntil() == null || now.isBefore(g.validUntil()));
    }

    /** A folder grant covers what is below the folder; an app grant covers that app. */
    static boolean covers(String granted, String wanted) {
        return granted.equals(wanted)
                || (granted.startsWith("folder:")
                        && wanted.startsWith(granted.endsWith("/") ? granted : granted + "/"));
    }

    /** Gives a user of this node a resource (until {@code validUntil}, or until revoked). */
    public Grant grant(Did grantee, String resource, Instant validUntil, Did by)
            throws IdentityException {
        checkResource(resource);
        try {
            if (store.user(grantee).isEmpty()) {
                throw new IllegalArgumentException(
                        grantee
                                + " is not a user of this node; share with another node's owner"
                                + " through a credential instead");
            }
            Grant g =
                    new Grant(
                            Secrets.id(),
                            grantee,
                            resource,
                            by,
                            clock.instant(),
                            validUntil,
                            false,
                            null);
            store.addGrant(g);
            record(
                    "grant.add",
                    grantee.value(),
                    AuditEvent.Outcome.ALLOWED,
                    resource + " by " + by);
            return g;
        } catch (SQLException e) {
            throw new IdentityException("cannot store the grant", e);
        }
    }

    /** The grants, for the owner. */
    public List<Grant> grants() throws IdentityException {
        try {
            return store.allGrants();
        } catch (SQLException e) {
            throw new IdentityException("cannot read grants", e);
        }
    }

    /**
     * Revokes a grant at once. A grantee who is not a user of this node (another node's owner)
     * loses the sessions the credential opened.
     */
    public boolean revokeGrant(String id, Did by) throws IdentityException {
        try {
            Optional<Grant> g = store.grant(id);
            boolean done = store.revokeGrant(id);
            if (done && store.user(g.get().grantee()).isEmpty()) {
                store.deleteSessionsOf(g.get().grantee());
            }
            record("grant.revoke", id, AuditEvent.Outcome.ALLOWED, "by " + by);
            return done;
        } catch (SQLException e) {
            throw new IdentityException("cannot revoke the grant", e);
        }
    }

    /**
     * Starts sharing a resource with another node's owner: records the grant and answers the
     * credential the owner's wallet must sign ({@link #attachProof}).
     */
    public GrantCredential shareDraft(Did grantee, String resource, Instant validUntil, Did owner)
            throws IdentityException {
        checkResource(resource);
        if (owner.evmAddress().isEmpty()) {
            throw new IllegalArgumentException(
                    "sharing needs an owner who signs in with a wallet: the credential is signed"
                            + " by the owner's did:pkh");
        }
        if (validUntil == null || !validUntil.isAfter(clock.instant())) {
            throw new IllegalArgumentException("a shared grant needs a validUntil in the future");
        }
        Instant now = clock.instant();
        Grant g = new Grant(Secrets.id(), grantee, resource, owner, now, validUntil, false, null);
        try {
            store.addGrant(g);
        } catch (SQLException e) {
            throw new IdentityException("cannot store the grant", e);
        }
        return credential(g, null);
    }

    /** Attaches the owner's wallet signature; refused unless it recovers to the owner. */
    public GrantCredential attachProof(String grantId, String signatureHex, Did owner)
            throws IdentityException {
        try {
            Grant g =
                    store.grant(grantId)
                            .filter(x -> !x.revoked() && x.grantedBy().equals(owner))
                            .orElseThrow(() -> new IllegalArgumentException("no such grant"));
            GrantCredential signed = credential(g, signatureHex);
            if (!signedByIssuer(signed)) {
                throw new IllegalArgumentException(
                        "the signature is not the owner's wallet over the credential");
            }
            store.setCredential(grantId, signed.toJson());
            record("grant.share", g.grantee().value(), AuditEvent.Outcome.ALLOWED, g.resource());
            return signed;
        } catch (SQLException e) {
            throw new IdentityException("cannot store the credential", e);
        }
    }

    /**
     * Another node's owner signs in with their wallet and presents the credential this node's owner
     * signed: a guest session, good for the granted resource only.
     */
    public SessionToken loginWithCredential(
            String message, byte[] signature, String attempt, LoginContext ctx, String credential)
            throws IdentityException {
        Did wallet = verifySiwe(message, signature, attempt, ctx);
        GrantCredential vc;
        try {
            vc = GrantCredential.parse(credential);
        } catch (IllegalArgumentException e) {
            refuse(Reason.BAD_CREDENTIALS, wallet.value(), ctx, "credential: " + e.getMessage());
            throw e; // not reached
        }
        try {
            Optional<Grant> g = store.grant(vc.id());
            Instant now = clock.instant();
            String problem =
                    !vc.grantee().equals(wallet)
                            ? "the credential is for " + vc.grantee() + ", not the signed-in wallet"
                            : !vc.node().equals(nodeDid)
                                    ? "the credential is for another node"
                                    : g.isEmpty() || g.get().credential() == null
                                            ? "this node issued no such credential"
                                            : !live(g.get(), now)
                                                    ? "the grant was revoked or has expired"
                                                    : !vc.equals(
                                                                    credential(
                                                                            g.get(),
                                                                            vc.proofValue()))
                                                            ? "the credential differs from the grant"
                                                            : !signedByIssuer(vc)
                                                                    ? "the credential's proof is not the owner's signature"
                                                                    : null;
            if (problem != null) {
                refuse(Reason.BAD_CREDENTIALS, wallet.value(), ctx, problem);
            }
            User guest = new User(wallet, Role.GUEST, null, null, now);
            return open(guest, Session.Method.SIWE, ctx);
        } catch (SQLException e) {
            throw new IdentityException("cannot read grants", e);
        }
    }

    private GrantCredential credential(Grant g, String proof) {
        return new GrantCredential(
                g.id(),
                g.grantedBy(),
                g.grantee(),
                g.resource(),
                nodeDid,
                g.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                g.validUntil().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                proof);
    }

    private boolean signedByIssuer(GrantCredential vc) {
        SignatureChecker checker = signatures;
        if (checker == null || vc.proofValue() == null) {
            return false;
        }
        Optional<String> signer =
                checker.recoverPersonalSign(
                        vc.signingInput().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        vc.signature());
        return signer.isPresent() && vc.issuer().evmAddress().equals(signer);
    }

    private static void checkResource(String resource) {
        if (resource == null
                || resource.length() > 300
                || !resource.matches("(app:[a-z][a-z0-9.-]*|folder:/[^\\p{Cntrl}]*)")) {
            throw new IllegalArgumentException(
                    "a resource is app:<app id> or folder:/<path>, at most 300 characters");
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Role checkInvited(Role role) {
        if (role == null || role == Role.OWNER) {
            throw new IllegalArgumentException("an invited user is a member or a guest");
        }
        return role;
    }

    private static String checkUsername(String username) {
        String name = username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT);
        if (!USERNAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "a username is 2-32 lowercase letters, digits, '.', '_' or '-', starting"
                            + " with a letter");
        }
        return name;
    }

    private static void checkAttempt(String attempt) {
        if (attempt == null || !ATTEMPT.matcher(attempt).matches()) {
            throw new IllegalArgumentException(
                    "a sign-in attempt secret is 16-128 URL-safe characters");
        }
    }

    /** A fresh did:key for users without a wallet: an identifier, no key is kept for it. */
    private static Did localDid() {
        try {
            byte[] spki =
                    KeyPairGenerator.getInstance("Ed25519")
                            .generateKeyPair()
                            .getPublic()
                            .getEncoded();
            return Did.of(
                    DidKey.fromEd25519(Arrays.copyOfRange(spki, spki.length - 32, spki.length)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK 15+ has Ed25519", e);
        }
    }

    /** Logs the precise reason and the audit event, then throws a refusal. */
    private void refuse(Reason reason, String who, LoginContext ctx, String detail)
            throws AuthenticationException {
        LOG.log(
                Level.WARNING,
                "sign-in refused for {0} from {1}: {2}: {3}",
                who,
                ctx.client(),
                reason,
                detail);
        record(
                "auth.login",
                who,
                AuditEvent.Outcome.DENIED,
                reason + ": " + detail + " (from " + ctx.client() + ")");
        throw new AuthenticationException(reason, detail);
    }

    private void record(String action, String subject, AuditEvent.Outcome outcome, String detail) {
        AuditLog log = audit;
        if (log != null) {
            log.record(AuditEvent.now("identity", action, subject, outcome, detail));
        }
    }
}
