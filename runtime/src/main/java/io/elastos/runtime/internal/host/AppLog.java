// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.host;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;

/**
 * The log of one app: plug-in log calls and the guest's stdout/stderr end up here, line by line.
 */
public final class AppLog {

    /** Longest message kept; longer ones are cut so a guest cannot flood the node log. */
    public static final int MAX_MESSAGE = 4096;

    private final String appId;
    private final System.Logger logger;

    public AppLog(String appId) {
        this.appId = appId;
        this.logger = System.getLogger("io.elastos.app." + appId);
    }

    public void log(Level level, String message) {
        String m =
                message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message;
        logger.log(level, "[{0}] {1}", appId, m.strip());
    }

    /** A stream that logs each line written to it, for the guest's stdout and stderr. */
    public OutputStream stream(Level level) {
        return new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b == '\n' || line.size() >= MAX_MESSAGE) {
                    flushLine();
                    if (b == '\n') {
                        return;
                    }
                }
                line.write(b);
            }

            @Override
            public synchronized void flush() {
                flushLine();
            }

            private void flushLine() {
                if (line.size() > 0) {
                    log(level, line.toString(StandardCharsets.UTF_8));
                    line.reset();
                }
            }
        };
    }
}
