// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Runs the CLI in-process and captures its exit code and output; plus a small sample app. */
record CliRun(int code, String out, String err) {

    static CliRun run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                AppCli.run(
                        args,
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        env);
        return new CliRun(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static CliRun run(String... args) {
        return run(Map.of(), args);
    }

    static final byte[] WASM = {0, 'a', 's', 'm', 1, 0, 0, 0};

    /** Writes a small app directory; {@code publisher} is left out when {@code null}. */
    static Path sampleApp(Path dir, String publisher, String version) throws IOException {
        Files.createDirectories(dir.resolve("ui"));
        Files.write(dir.resolve("plugin.wasm"), WASM);
        Files.writeString(dir.resolve("ui/index.html"), "<!doctype html><h1>Hello</h1>");
        String manifest =
                "{\n"
                        + "  \"format\": 1,\n"
                        + "  \"id\": \"org.example.hello\",\n"
                        + "  \"name\": \"Hello\",\n"
                        + "  \"version\": \""
                        + version
                        + "\",\n"
                        + (publisher == null ? "" : "  \"publisher\": \"" + publisher + "\",\n")
                        + "  \"abi\": \"extism/1\",\n"
                        + "  \"entry\": \"plugin.wasm\",\n"
                        + "  \"ui\": \"ui\",\n"
                        + "  \"capabilities\": [\"storage.kv\", \"net.fetch:api.example.com\"]\n"
                        + "}\n";
        Files.writeString(dir.resolve("manifest.json"), manifest);
        return dir;
    }
}
