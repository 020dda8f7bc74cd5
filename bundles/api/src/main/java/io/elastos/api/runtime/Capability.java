// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.runtime;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A permission a mini-app requests in its manifest and the owner grants: the right to import one
 * namespace of host functions, such as {@code storage.kv}, {@code identity.sign}, {@code
 * p2p.message}, {@code http} or a third-party namespace such as {@code iot.mqtt}.
 *
 * <p>A module that imports a function outside its granted capabilities does not compile. The Extism
 * kernel functions every plug-in needs (input, output, memory) are not capabilities.
 *
 * <p>A capability may carry one argument after a colon, which narrows it: {@code
 * net.fetch:api.example.com} allows HTTP requests to that one host only.
 *
 * @param name lowercase dot-separated segments, each starting with a letter, such as {@code
 *     storage.kv}, optionally followed by {@code :argument} (letters, digits, {@code . - _ *})
 */
public record Capability(String name) implements Comparable<Capability> {

    /** The longest capability name. */
    public static final int MAX_LENGTH = 128;

    private static final Pattern SYNTAX =
            Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*(:[A-Za-z0-9._*-]{1,100})?");

    /**
     * Checks the name.
     *
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws IllegalArgumentException if the name is longer than {@link #MAX_LENGTH} or not
     *     lowercase dot-separated segments
     */
    public Capability {
        Objects.requireNonNull(name, "name");
        if (name.length() > MAX_LENGTH || !SYNTAX.matcher(name).matches()) {
            throw new IllegalArgumentException("not a capability name: " + name);
        }
    }

    /**
     * Makes a capability from its name; the same as the constructor, for readability.
     *
     * @param name the capability name
     * @return the capability
     * @throws IllegalArgumentException if the name is malformed
     */
    public static Capability of(String name) {
        return new Capability(name);
    }

    /**
     * Returns the name without its argument.
     *
     * @return for {@code net.fetch:api.example.com}, {@code net.fetch}
     */
    public String base() {
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    /**
     * Returns the argument after the colon, if any.
     *
     * @return for {@code net.fetch:api.example.com}, {@code api.example.com}; otherwise null
     */
    public String argument() {
        int colon = name.indexOf(':');
        return colon < 0 ? null : name.substring(colon + 1);
    }

    /**
     * Tells whether this capability covers another: a capability covers itself and every name below
     * it, so {@code storage} covers {@code storage.kv} but not {@code storagex}.
     *
     * @param other the capability a host function needs
     * @return whether holding this capability grants {@code other}
     */
    public boolean covers(Capability other) {
        if (argument() != null || other.argument() != null) {
            // An argument narrows a capability: it only covers exactly itself.
            return other.name.equals(name);
        }
        return other.name.equals(name)
                || other.name.length() > name.length()
                        && other.name.startsWith(name)
                        && other.name.charAt(name.length()) == '.';
    }

    /**
     * Orders capabilities by name.
     *
     * @param other the capability to compare with
     * @return the comparison of the names
     */
    @Override
    public int compareTo(Capability other) {
        return name.compareTo(other.name);
    }

    /**
     * Returns the name.
     *
     * @return the same string as {@link #name()}
     */
    @Override
    public String toString() {
        return name;
    }
}
