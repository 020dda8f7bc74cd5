// SPDX-License-Identifier: Apache-2.0
package io.elastos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {

    @TempDir Path tmp;

    @Test
    void optionsParseAndOverrideTheConfigFile() throws Exception {
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(conf.resolve(NodeConfig.FILE), "http.host = 0.0.0.0\nhttp.port = 9000\n");
        LauncherOptions o =
                LauncherOptions.parse(
                        new String[] {"--data", "d", "--conf", conf.toString(), "--port", "9100"},
                        tmp);
        assertEquals(Path.of("d").toAbsolutePath(), o.data());
        NodeConfig c = NodeConfig.load(o);
        assertEquals("0.0.0.0", c.host());
        assertEquals(9100, c.port());
        assertEquals("http://127.0.0.1:9100/", Main.url(c));
    }

    @Test
    void defaultsNeedNoConfigFile() throws Exception {
        NodeConfig c = NodeConfig.load(LauncherOptions.parse(new String[0], tmp));
        assertEquals(NodeConfig.DEFAULT_HOST, c.host());
        assertEquals(NodeConfig.DEFAULT_PORT, c.port());
    }

    @Test
    void badCommandLinesAreUsageErrors() {
        LauncherException e =
                assertThrows(
                        LauncherException.class,
                        () -> LauncherOptions.parse(new String[] {"--bogus"}, tmp));
        assertEquals(LauncherException.USAGE, e.exitCode());
        e =
                assertThrows(
                        LauncherException.class,
                        () -> LauncherOptions.parse(new String[] {"--data"}, tmp));
        assertTrue(e.getMessage().contains("--data needs a value"), e.getMessage());
        e =
                assertThrows(
                        LauncherException.class,
                        () -> LauncherOptions.parse(new String[] {"--port", "70000"}, tmp));
        assertTrue(e.getMessage().contains("1 to 65535"), e.getMessage());
    }

    @Test
    void badConfigFilesNameTheProblem() throws Exception {
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        LauncherOptions o = LauncherOptions.parse(new String[] {"--conf", conf.toString()}, tmp);
        Files.writeString(conf.resolve(NodeConfig.FILE), "http.prot = 80\n");
        LauncherException e = assertThrows(LauncherException.class, () -> NodeConfig.load(o));
        assertTrue(e.getMessage().contains("unknown setting 'http.prot'"), e.getMessage());
        Files.writeString(conf.resolve(NodeConfig.FILE), "http.host =  \n");
        e = assertThrows(LauncherException.class, () -> NodeConfig.load(o));
        assertTrue(e.getMessage().contains("http.host is empty"), e.getMessage());
    }

    @Test
    void dataDirectoryIsCreatedLockedAndCheckedWithoutChangingIt() throws Exception {
        Path data = tmp.resolve("data");
        try (DataDirectory d = DataDirectory.open(data)) {
            assertTrue(Files.isDirectory(d.path()));
            LauncherException e =
                    assertThrows(LauncherException.class, () -> DataDirectory.open(data));
            assertTrue(e.getMessage().contains("already"), e.getMessage());
        }
        DataDirectory.open(data).close();

        Path file = Files.writeString(tmp.resolve("file"), "keep me");
        LauncherException e = assertThrows(LauncherException.class, () -> DataDirectory.open(file));
        assertTrue(e.getMessage().contains("is a file"), e.getMessage());
        assertEquals("keep me", Files.readString(file));
    }

    @Test
    void failureLinesKeepTheHumanMessage() {
        String failure =
                "java.io.IOException: the node key file /d/keys/node.key is damaged (bad); move it away\n"
                        + "\tat x.Y.z(Y.java:1)\n"
                        + "Caused by: java.security.GeneralSecurityException: bad\n";
        assertEquals(
                "the node key file /d/keys/node.key is damaged (bad); move it away",
                ComponentProbe.firstLine(failure));
        assertEquals(
                "inner reason",
                ComponentProbe.firstLine(
                        "java.lang.reflect.InvocationTargetException\n\tat a.B(B.java:1)\n"
                                + "Caused by: java.lang.IllegalStateException: inner reason\n"));
        assertEquals("unknown failure", ComponentProbe.firstLine(null));
    }

    @Test
    void frameworkPropertiesCarryTheNodeSettings() {
        LauncherInfo info = new LauncherInfo("1.2.3", "25.0.2", "2.0.17");
        Map<String, String> p =
                NodeFramework.properties(
                        tmp,
                        tmp.resolve("data"),
                        tmp.resolve("conf"),
                        new NodeConfig("127.0.0.1", 8123),
                        info);
        assertEquals("8123", p.get("org.osgi.service.http.port"));
        assertEquals("127.0.0.1", p.get("org.apache.felix.http.host"));
        assertEquals(tmp.resolve("data").toString(), p.get("elastos.data"));
        assertTrue(
                p.get("org.osgi.framework.system.packages.extra")
                        .contains("org.graalvm.polyglot;version=\"25.0.2\""));
        assertTrue(
                p.get("org.osgi.framework.system.packages.extra")
                        .contains("org.slf4j;version=\"2.0.17\""));
        assertEquals("25.0.2", LauncherInfo.osgiVersion("25.0.2"));
        assertEquals("0.1.0", LauncherInfo.osgiVersion("0.1.0-SNAPSHOT"));
        assertEquals("21.0.0", LauncherInfo.osgiVersion("21"));
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                Main.run(
                        new String[] {"--help"},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage:"));
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("elastos:"));
    }
}
