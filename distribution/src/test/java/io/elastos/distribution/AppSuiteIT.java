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
