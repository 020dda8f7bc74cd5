// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The day-one apps on a real node, each built from {@code mini-apps/}, signed and installed with
 * the CLI: the photo frame pairs a device without a session and shows only the album's photos,
 * scaled by the node, until it is revoked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppSuiteIT {
    static final String FRAME = "/apps/org.elastos.photo-frame";

    Path tmp;
    MiniAppNode node;
    MiniAppNode.Browser owner;
    Path key;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        tmp = dir;
        node = new MiniAppNode(tmp.resolve("node"));
        node.start();
        key = tmp.resolve("publisher.key");
        node.app("trust", node.app("keygen", "--out", key.toString()).strip());
        owner = node.owner("alice", "a long enough secret");
    }

    @AfterAll
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    /** Builds, signs and installs mini-apps/NAME; answers the install output. */
    String install(String name) throws Exception {
        Path project = MiniAppNode.buildSample(name, tmp, node);
        Path pkg = tmp.resolve(name + ".wapp");
        node.app(
                "pack",
                project.resolve("build").toString(),
                "--key",
                key.toString(),
                "--out",
                pkg.toString());
        return node.app("install", pkg.toString());
    }

    static byte[] jpeg(int w, int h, Color c) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }

    void ownerFile(String path, byte[] content) throws Exception {
        Path f = Files.write(tmp.resolve("upload.bin"), content);
        HttpResponse<String> r =
                owner.putFile(
                        "/api/files/content?path="
                                + java.net.URLEncoder.encode(path, StandardCharsets.UTF_8),
                        f);
        assertTrue(r.statusCode() / 100 == 2, path + ": " + r.body());
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return m.group(1);
    }

    /**
     * The Health export size of the import test: 1 GiB, or -Delastos.health.bytes for a quick run.
     */
    static final long HEALTH_BYTES = Long.getLong("elastos.health.bytes", 1L << 30);

    static final String HEALTH = "/apps/org.elastos.health-export";

    /** Runs node with ARGS in DIR; must exit 0 within the minutes given. */
    static String nodeJs(Path dir, int minutes, String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("node"));
        cmd.addAll(java.util.List.of(args));
        Process p =
                new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(
                p.waitFor(minutes, java.util.concurrent.TimeUnit.MINUTES),
                "node " + args[0] + " hung");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    static long number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(-?[0-9]+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void healthExportImportsAGigabyteStreamingWithFlatMemory() throws Exception {
        assertTrue(install("health-export").contains("installed org.elastos.health-export"));
        Path export = tmp.resolve("export.xml");
        nodeJs(
                MiniAppNode.MINI_APPS.resolve("health-export"),
                10,
                "test/gen-export.mjs",
                export.toString(),
                Long.toString(HEALTH_BYTES),
                "--seed",
                "7");
        long size = Files.size(export);
        long t0 = System.nanoTime();
        HttpResponse<String> put =
                owner.putFile("/api/apps/org.elastos.health-export/files/inbox/export.xml", export);
        assertEquals(201, put.statusCode(), put.body());
        double uploadSeconds = (System.nanoTime() - t0) / 1e9;
        Files.delete(export);

        HttpResponse<String> start =
                owner.json("POST", HEALTH + "/api/import", "{\"path\":\"inbox/export.xml\"}");
        assertTrue(start.statusCode() / 100 == 2, start.body());
        long t1 = System.nanoTime();
        String status = start.body();
        int steps = 0;
        while (!status.contains("\"state\":\"done\"")) {
            assertTrue(!status.contains("\"state\":\"failed\""), status);
            assertTrue(++steps < 10_000, "the import ends");
            // 16 MiB a step keeps each call well inside its 20 s limit while the JIT warms up.
            HttpResponse<String> step =
                    owner.json("POST", HEALTH + "/api/import/step", "{\"budget\":16777216}");
            assertEquals(200, step.statusCode(), step.body());
            status = step.body();
        }
        double importSeconds = (System.nanoTime() - t1) / 1e9;
        String app = owner.send("GET", "/api/apps/org.elastos.health-export", null, null).body();
        // The node's figure: the instance's linear memory plus its Extism kernel buffer; the
        // app's own status gives its linear memory alone, as it stood after the last step.
        long memory = number(app, "memoryBytes");
        long linear = number(status, "memoryBytes");
        System.out.printf(
                "health import: %d MB of XML in %d steps, %.1f s = %.1f MB/s (upload %.1f s);"
                        + " app linear memory %.1f MiB, with the kernel buffer %.1f MiB (cap 64)%n",
                size / 1_000_000,
                steps,
                importSeconds,
                size / 1e6 / importSeconds,
                uploadSeconds,
                linear / 1048576.0,
                memory / 1048576.0);
        assertTrue(linear <= 64L << 20, "app memory " + linear);
        String summary = owner.send("GET", HEALTH + "/api/summary", null, null).body();
        assertTrue(summary.contains("HKQuantityTypeIdentifierStepCount"), summary);
        String days = owner.send("GET", HEALTH + "/api/days", null, null).body();
        assertTrue(
                days.startsWith("[{") && days.contains("\"steps\""),
                days.substring(0, Math.min(400, days.length())));
        HttpResponse<String> csv = owner.send("GET", HEALTH + "/api/export.csv", null, null);
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
        assertTrue(
                csv.body().lines().count() > 2,
                csv.body().substring(0, Math.min(300, csv.body().length())));
    }

    static final String WECHAT = "/apps/org.elastos.wechat-backup";

    /** Runs an import job to its end through POST import/step; answers the final status. */
    String runImport(String app, String startJson) throws Exception {
        HttpResponse<String> start = owner.json("POST", app + "/api/import", startJson);
        assertTrue(start.statusCode() / 100 == 2, start.body());
        String status = start.body();
        for (int steps = 0; !status.contains("\"state\":\"done\""); steps++) {
            assertTrue(!status.contains("\"state\":\"failed\""), status);
            assertTrue(steps < 10_000, "the import ends");
            HttpResponse<String> step = owner.json("POST", app + "/api/import/step", "{}");
            assertEquals(200, step.statusCode(), step.body());
            status = step.body();
        }
        return status;
    }

    @Test
    void wechatBackupImportsAnExportReportsBadLinesAndFindsMessages() throws Exception {
        assertTrue(install("wechat-backup").contains("installed org.elastos.wechat-backup"));
        // A WeChatMsg (MemoTrace) CSV export of one private chat: Chinese and English text, an
        // image, a malformed row and an over-long line among them.
        String header =
                "localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\r\n";
        StringBuilder csv = new StringBuilder("\uFEFF").append(header);
        csv.append("1,5,1,0,0,1700000000,2,周末去爬山吗？,2023-11-15 06:13:20,小王,小王,wxid_wang\r\n");
        csv.append(
                "2,5,1,0,1,1700000060,2,\"Sure, let's go hiking on Saturday\",2023-11-15 06:14:20,小王,小王,wxid_me\r\n");
        csv.append(
                "3,5,3,0,0,1700000120,2,<msg><img/></msg>,2023-11-15 06:15:20,小王,小王,wxid_wang\r\n");
        csv.append("4,5,1,0\r\n");
        csv.append("5,5,1,0,0,1700000180,2,")
                .append("x".repeat(200_000))
                .append(",2023-11-15 06:16:20,小王,小王,wxid_wang\r\n");
        csv.append("6,5,1,0,0,1700086400,2,带上相机,2023-11-16 06:13:20,小王,小王,wxid_wang\r\n");
        Path file = Files.writeString(tmp.resolve("wang.csv"), csv.toString());
        HttpResponse<String> put =
                owner.putFile("/api/apps/org.elastos.wechat-backup/files/inbox/wang.csv", file);
        assertEquals(201, put.statusCode(), put.body());

        String done = runImport(WECHAT, "{\"path\":\"inbox/wang.csv\",\"format\":\"auto\"}");
        assertEquals(4, number(done, "imported"), done);
        assertTrue(number(done, "problems") >= 2, done);
        String problems = owner.send("GET", WECHAT + "/api/import/problems", null, null).body();
        assertTrue(problems.contains("\"line\":5") || problems.contains("\"line\": 5"), problems);

        String chats = owner.send("GET", WECHAT + "/api/chats", null, null).body();
        assertTrue(chats.contains("小王"), chats);
        String hits =
                owner.send(
                                "GET",
                                WECHAT
                                        + "/api/search?q="
                                        + java.net.URLEncoder.encode("爬山", StandardCharsets.UTF_8),
                                null,
                                null)
                        .body();
        assertTrue(hits.contains("周末去爬山吗"), hits);
        String english =
                owner.send(
                                "GET",
                                WECHAT + "/api/search?q=hiking&from=2023-11-15&to=2023-11-15",
                                null,
                                null)
                        .body();
        assertTrue(english.contains("Saturday"), english);
        String none =
                owner.send("GET", WECHAT + "/api/search?q=hiking&from=2023-11-16", null, null)
                        .body();
        assertTrue(!none.contains("Saturday"), none);

        // Importing the same export again adds nothing.
        String again = runImport(WECHAT, "{\"path\":\"inbox/wang.csv\",\"format\":\"auto\"}");
        assertEquals(0, number(again, "imported"), again);
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(chats);
        assertTrue(id.find(), chats);
        HttpResponse<String> export =
                owner.send("GET", WECHAT + "/api/chats/" + id.group(1) + "/export.csv", null, null);
        assertEquals(200, export.statusCode(), export.body());
        assertTrue(export.body().contains("Time,Sender,IsSender,Type,Text,Media"), export.body());
        assertTrue(export.body().contains("带上相机"), export.body());
    }

    @Test
    void photoFramePairsADeviceAndShowsTheAlbumUntilRevoked() throws Exception {
        assertTrue(install("photo-frame").contains("installed org.elastos.photo-frame"));
        ownerFile("/Photos/Holiday/beach.jpg", jpeg(1600, 1200, Color.BLUE));
        ownerFile("/Photos/Holiday/hill.jpg", jpeg(900, 1500, Color.GREEN));
        ownerFile("/Photos/Holiday/notes.txt", "not a photo".getBytes(StandardCharsets.UTF_8));
        ownerFile("/Photos/Holiday/more/inner.jpg", jpeg(100, 100, Color.RED));
        ownerFile("/Photos/Private/secret.jpg", jpeg(100, 100, Color.BLACK));

        MiniAppNode.Browser device = node.new Browser();
        // Owner routes need a session; the frame's public routes reach the app, which refuses a
        // wrong code itself.
        assertEquals(
                401, device.send("GET", FRAME + "/api/folders?path=/", null, null).statusCode());
        assertEquals(401, device.send("GET", FRAME + "/api/albumx", null, null).statusCode());
        HttpResponse<String> wrong =
                device.json(
                        "POST",
                        FRAME + "/api/frame/pair",
                        "{\"code\":\"ABCDEFGH\",\"name\":\"Kitchen\"}");
        assertEquals(403, wrong.statusCode(), wrong.body());
        assertEquals(200, device.send("GET", FRAME + "/frame.html", null, null).statusCode());

        String root = owner.send("GET", FRAME + "/api/folders?path=/", null, null).body();
        assertTrue(root.contains("Photos") && !root.contains(".apps"), root);
        HttpResponse<String> album =
                owner.json("PUT", FRAME + "/api/album", "{\"path\":\"/Photos/Holiday\"}");
        assertEquals(200, album.statusCode(), album.body());
        HttpResponse<String> pairing = owner.json("POST", FRAME + "/api/pairings", "{}");
        assertEquals(201, pairing.statusCode(), pairing.body());
        String code = field(pairing.body(), "code");

        HttpResponse<String> paired =
                device.json(
                        "POST",
                        FRAME + "/api/frame/pair",
                        "{\"code\":\"" + code + "\",\"name\":\"Kitchen\"}");
        assertEquals(201, paired.statusCode(), paired.body());
        String token = field(paired.body(), "token");
        assertEquals(
                403,
                node.new Browser()
                        .json(
                                "POST",
                                FRAME + "/api/frame/pair",
                                "{\"code\":\"" + code + "\",\"name\":\"Again\"}")
                        .statusCode(),
                "a code pairs one frame");

        String feed =
                device.send("GET", FRAME + "/api/frame/feed?token=" + token, null, null).body();
        assertTrue(feed.contains("beach.jpg") && feed.contains("hill.jpg"), feed);
        assertTrue(
                !feed.contains("notes.txt")
                        && !feed.contains("inner.jpg")
                        && !feed.contains("secret"),
                feed);
        Matcher ids = Pattern.compile("\"id\":\"([^\"]+)\",\"name\":\"hill.jpg\"").matcher(feed);
        assertTrue(ids.find(), feed);
        HttpResponse<byte[]> image =
                device.bytes(
                        FRAME
                                + "/api/frame/image?token="
                                + token
                                + "&id="
                                + ids.group(1)
                                + "&edge=300");
        assertEquals(200, image.statusCode(), new String(image.body(), StandardCharsets.UTF_8));
        assertEquals("image/jpeg", image.headers().firstValue("content-type").orElse(""));
        BufferedImage scaled = ImageIO.read(new ByteArrayInputStream(image.body()));
        assertEquals(300, scaled.getHeight(), "the node scaled the 900x1500 photo to fit 300");
        assertEquals(180, scaled.getWidth());

        String devices = owner.send("GET", FRAME + "/api/devices", null, null).body();
        String deviceId = field(devices, "id");
        assertEquals(
                204, owner.json("DELETE", FRAME + "/api/devices/" + deviceId, null).statusCode());
        assertEquals(
                401,
                device.send("GET", FRAME + "/api/frame/feed?token=" + token, null, null)
                        .statusCode());
        assertEquals(
                401,
                device.bytes(FRAME + "/api/frame/image?token=" + token + "&id=" + ids.group(1))
                        .statusCode());
    }
}
