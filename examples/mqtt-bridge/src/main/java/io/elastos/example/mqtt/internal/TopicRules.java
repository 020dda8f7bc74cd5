// SPDX-License-Identifier: Apache-2.0
package io.elastos.example.mqtt.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What an app's grants of {@code iot.mqtt} allow. Each grant argument names one topic subtree: the
 * argument {@code home.thermostat} (grant {@code iot.mqtt:home.thermostat}) allows the topic {@code
 * home/thermostat} and every topic below it, {@code home/thermostat/#}. Arguments are dot-separated
 * levels of letters, digits, {@code -} and {@code _}; anything else, notably {@code *}, makes the
 * argument allow nothing (an owner cannot grant "every topic" by accident). A bare grant (no
 * argument) allows nothing either: the bridge fails closed.
 *
 * <p>Topic names (publish) are 1 to {@link #MAX_TOPIC_LENGTH} characters, without {@code +}, {@code
 * #}, empty levels, a leading {@code $} or control characters. Filters (subscribe) follow the same
 * rules, except that {@code +} may stand for one whole level and {@code #} for the rest, both only
 * below the granted subtree: {@code home/thermostat/+/reading} is allowed with {@code
 * home.thermostat}, {@code home/+/reading} and {@code #} are not.
 */
final class TopicRules {

    /** The longest topic name or filter, in characters. */
    static final int MAX_TOPIC_LENGTH = 256;

    private static final Pattern ARGUMENT_LEVEL = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final List<List<String>> subtrees;
    private final List<String> refused;

    private TopicRules(List<List<String>> subtrees, List<String> refused) {
        this.subtrees = subtrees;
        this.refused = refused;
    }

    /**
     * Reads the grant arguments of one call.
     *
     * @param arguments the {@code HostCall} arguments
     * @return the rules; allowing nothing when there are no valid arguments
     */
    static TopicRules of(List<String> arguments) {
        List<List<String>> subtrees = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (String a : arguments) {
            List<String> levels = argumentLevels(a);
            if (levels == null) {
                refused.add(a);
            } else if (!subtrees.contains(levels)) {
                subtrees.add(levels);
            }
        }
        return new TopicRules(List.copyOf(subtrees), List.copyOf(refused));
    }

    /** The levels an argument names, or null if it is not a valid argument. */
    static List<String> argumentLevels(String argument) {
        if (argument == null || argument.isEmpty() || argument.length() > 200) {
            return null;
        }
        String[] parts = argument.split("\\.", -1);
        for (String p : parts) {
            if (!ARGUMENT_LEVEL.matcher(p).matches()) {
                return null;
            }
        }
        return List.of(parts);
    }

    /** Whether these rules allow no topic at all. */
    boolean allowsNothing() {
        return subtrees.isEmpty();
    }

    /** The granted subtrees as topic prefixes, such as {@code home/thermostat}. */
    List<String> subtrees() {
        return subtrees.stream().map(l -> String.join("/", l)).toList();
    }

    /** The grant arguments that were refused (and so allow nothing). */
    List<String> refused() {
        return refused;
    }

    /**
     * Checks a topic name an app publishes to.
     *
     * @param topic the topic name
     * @throws IllegalArgumentException saying why the topic is refused
     */
    void checkPublish(String topic) {
        List<String> levels = levels(topic, false);
        if (within(levels) == null) {
            throw outside(topic);
        }
    }

    /**
     * Checks a topic filter an app subscribes to.
     *
     * @param filter the filter
     * @throws IllegalArgumentException saying why the filter is refused
     */
    void checkFilter(String filter) {
        List<String> levels = levels(filter, true);
        // The granted levels must be spelled out: a wildcard there would reach other subtrees.
        for (List<String> s : subtrees) {
            if (levels.size() >= s.size() && levels.subList(0, s.size()).equals(s)) {
                return;
            }
        }
        throw outside(filter);
    }

    /**
     * Tells whether a received topic is one of these subtrees.
     *
     * @param topic a topic name from the broker
     * @return whether the rules allow it (false for any malformed name)
     */
    boolean allowsTopic(String topic) {
        try {
            return within(levels(topic, false)) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The devices a topic speaks for: for each granted subtree that holds the topic, the subtree
     * and the topic's first level below it.
     *
     * @param topic a valid topic name
     * @return pairs {subtree, device}; empty when the topic is not below a subtree
     */
    List<String[]> devicesOf(String topic) {
        List<String[]> out = new ArrayList<>();
        List<String> levels = Arrays.asList(topic.split("/", -1));
        for (List<String> s : subtrees) {
            if (levels.size() > s.size() && levels.subList(0, s.size()).equals(s)) {
                out.add(new String[] {String.join("/", s), levels.get(s.size())});
            }
        }
        return out;
    }

    private List<String> within(List<String> levels) {
        for (List<String> s : subtrees) {
            if (levels.size() >= s.size() && levels.subList(0, s.size()).equals(s)) {
                return s;
            }
        }
        return null;
    }

    private IllegalArgumentException outside(String topic) {
        if (subtrees.isEmpty()) {
            return new IllegalArgumentException(
                    "iot.mqtt: your grant allows no topics (grant iot.mqtt:<level>.<level>, such as"
                            + " iot.mqtt:home.thermostat"
                            + (refused.isEmpty() ? "" : "; refused arguments: " + refused)
                            + ")");
        }
        return new IllegalArgumentException(
                "iot.mqtt: "
                        + printable(topic)
                        + " is outside the topics you may use: "
                        + subtrees().stream().map(s -> s + "/#").toList());
    }

    /**
     * Splits and checks a topic name or filter.
     *
     * @param topic the name or filter
     * @param filter whether {@code +} and {@code #} wildcards are allowed
     * @return its levels
     * @throws IllegalArgumentException saying what is wrong
     */
    static List<String> levels(String topic, boolean filter) {
        String what = filter ? "topic filter" : "topic";
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("iot.mqtt: the " + what + " is empty");
        }
        if (topic.length() > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException(
                    "iot.mqtt: the "
                            + what
                            + " is longer than "
                            + MAX_TOPIC_LENGTH
                            + " characters");
        }
        if (topic.startsWith("$")) {
            throw new IllegalArgumentException(
                    "iot.mqtt: topics starting with $ belong to the broker");
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (Character.isISOControl(c)
                    || Character.isSurrogate(c) && !validSurrogate(topic, i)) {
                throw new IllegalArgumentException(
                        "iot.mqtt: the " + what + " has a control character or broken text");
            }
        }
        List<String> levels = Arrays.asList(topic.split("/", -1));
        for (int i = 0; i < levels.size(); i++) {
            String l = levels.get(i);
            if (l.isEmpty()) {
                throw new IllegalArgumentException(
                        "iot.mqtt: " + printable(topic) + " has an empty level");
            }
            boolean wildcard = l.indexOf('+') >= 0 || l.indexOf('#') >= 0;
            if (!wildcard) {
                continue;
            }
            if (!filter) {
                throw new IllegalArgumentException(
                        "iot.mqtt: wildcards (+, #) are only for subscribe filters, not in the topic"
                                + " you publish to");
            }
            boolean ok = l.equals("+") || (l.equals("#") && i == levels.size() - 1);
            if (!ok) {
                throw new IllegalArgumentException(
                        "iot.mqtt: in "
                                + printable(topic)
                                + ", + must be a whole level and # the whole last level");
            }
        }
        return levels;
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /**
     * MQTT topic matching: whether a filter (with {@code +} and {@code #}) matches a topic name.
     *
     * @param filter a valid filter
     * @param topic a topic name
     * @return whether a subscription to the filter receives the topic
     */
    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        if (topic.startsWith("$") && (f[0].equals("+") || f[0].equals("#"))) {
            return false;
        }
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true; // also matches the parent level: a/# matches a
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    /** A topic for a message: at most 100 characters, control characters as '?'. */
    static String printable(String s) {
        String t = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        StringBuilder sb = new StringBuilder(t.length());
        t.chars().forEach(c -> sb.append(Character.isISOControl(c) ? '?' : (char) c));
        return sb.toString();
    }
}
