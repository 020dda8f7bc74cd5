// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.password;

import java.util.List;

/**
 * The minimum a new password must meet: long enough, not one character repeated, not one of the
 * passwords every guessing list starts with.
 *
 * <p>Deliberately no composition rules (a digit, a capital, a symbol): they push people towards
 * {@code Password1!} and add little; length and a blocklist are what NIST SP 800-63B asks for. The
 * check works on the {@code char[]} itself so that it makes no {@link String} copy of the password,
 * which could not be cleared.
 */
final class PasswordPolicy {

    static final int MIN_LENGTH = 10;

    /** Far more than anyone types; keeps a pasted megabyte out of the account store. */
    static final int MAX_LENGTH = 1024;

    /**
     * The most common passwords that are long enough to pass the length rule (shorter ones fail it
     * anyway), compared ignoring case. Kept short on purpose: it stops the first guesses of a
     * spraying attack; it is not a breach corpus.
     */
    static final List<String> COMMON =
            List.of(
                    "0123456789",
                    "1234567890",
                    "0987654321",
                    "9876543210",
                    "12345678910",
                    "1234567891",
                    "123456789a",
                    "a123456789",
                    "1234512345",
                    "1111122222",
                    "1q2w3e4r5t",
                    "1qaz2wsx3edc",
                    "zaq12wsxcde",
                    "qwertyuiop",
                    "qwerty1234",
                    "qwerty12345",
                    "qwerty123456",
                    "qwertyqwerty",
                    "asdfghjkl1",
                    "asdfasdfasdf",
                    "abcdefghij",
                    "abc1234567",
                    "password12",
                    "password123",
                    "password1234",
                    "password1!",
                    "passw0rd123",
                    "passwordpassword",
                    "iloveyou123",
                    "princess123",
                    "football123",
                    "baseball123",
                    "sunshine123",
                    "welcome123",
                    "letmein123",
                    "changeme123",
                    "trustno1234",
                    "monkey12345",
                    "dragon12345",
                    "adminadmin",
                    "admin12345",
                    "administrator",
                    "elastos123",
                    "elastosnode");

    private PasswordPolicy() {}

    /**
     * Checks a new password.
     *
     * @throws IllegalArgumentException with a reason the user can act on
     */
    static void check(char[] password) {
        if (password == null) {
            throw new IllegalArgumentException("a password is required");
        }
        // Code points, not chars: an emoji is one character to the person typing it.
        int length = Character.codePointCount(password, 0, password.length);
        if (length < MIN_LENGTH) {
            throw new IllegalArgumentException(
                    "a password needs at least " + MIN_LENGTH + " characters");
        }
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "a password can have at most " + MAX_LENGTH + " characters");
        }
        if (oneCharacterRepeated(password)) {
            throw new IllegalArgumentException(
                    "a password must not be a single character repeated");
        }
        for (String common : COMMON) {
            if (equalsIgnoreCase(password, common)) {
                throw new IllegalArgumentException(
                        "this is one of the most common passwords; choose another");
            }
        }
    }

    private static boolean oneCharacterRepeated(char[] password) {
        int first = Character.codePointAt(password, 0);
        for (int i = 0; i < password.length; ) {
            int c = Character.codePointAt(password, i);
            if (c != first) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    private static boolean equalsIgnoreCase(char[] password, String common) {
        if (password.length != common.length()) {
            return false;
        }
        for (int i = 0; i < password.length; i++) {
            if (Character.toLowerCase(password[i]) != common.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
