// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Locale;

/**
 * An upload progress bar redrawn in place on one terminal line, such as {@code Uploading
 * hello-1.0.0.wapp [##########----------] 52% 1.2/2.3 MiB}.
 */
final class ProgressBar {
    private static final int WIDTH = 20;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream err;
    private final String label;
    private final long total;
    private long done;
    private String lastLine = "";
    private long lastDraw;

    ProgressBar(PrintStream err, String label, long total) {
        this.err = err;
        this.label = label;
        this.total = total;
    }

    /** Wraps a stream so that every byte read advances the bar. */
    InputStream track(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    advance(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    advance(n);
                }
                return n;
            }
        };
    }

    /** Draws the first frame. */
    synchronized void start() {
        draw(true);
    }

    /** Sets how much is done, such as where a resumed upload stands. */
    synchronized void moveTo(long n) {
        done = Math.max(0, Math.min(total, n));
        draw(false);
    }

    synchronized void advance(long n) {
        done = Math.min(total, done + n);
        draw(done == total);
    }

    /** Draws the last frame (complete if the upload was) and ends the line. */
    synchronized void finish(boolean complete) {
        if (complete) {
            done = total;
        }
        draw(true);
        err.print('\n');
        err.flush();
    }

    /** Returns the text of the bar at the current count, without the carriage return. */
    synchronized String line() {
        int percent = total == 0 ? 100 : (int) (done * 100 / total);
        int filled = total == 0 ? WIDTH : (int) (done * WIDTH / total);
        return String.format(
                Locale.ROOT,
                "Uploading %s [%s%s] %3d%%  %s/%s %s",
                label,
                "#".repeat(filled),
                "-".repeat(WIDTH - filled),
                percent,
                Output.amount(done, total),
                Output.amount(total, total),
                Output.unit(total));
    }

    private void draw(boolean force) {
        long now = System.nanoTime();
        String text = line();
        if (text.equals(lastLine) || (!force && now - lastDraw < REDRAW_NANOS)) {
            return;
        }
        lastLine = text;
        lastDraw = now;
        err.print("\r" + text);
        err.flush();
    }
}
