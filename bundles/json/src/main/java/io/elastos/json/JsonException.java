// SPDX-License-Identifier: Apache-2.0
package io.elastos.json;

/** A document that is not strict JSON or breaks a {@link JsonReader.Limits} bound. */
public final class JsonException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and, for syntax errors, at which character offset
     */
    public JsonException(String message) {
        super(message);
    }
}
