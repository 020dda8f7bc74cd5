// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import io.elastos.api.chain.LicenseTerms;
import io.elastos.api.runtime.Capability;
import io.elastos.api.superexe.AppManifest;
import io.elastos.api.superexe.VerificationException;
import io.elastos.superexe.internal.pkg.KeyFiles;
import io.elastos.superexe.internal.pkg.PackageBuilder;
import io.elastos.superexe.internal.pkg.PackageLimits;
import io.elastos.superexe.internal.pkg.PackageReader;
import io.elastos.superexe.internal.pkg.PublisherKey;
import io.elastos.superexe.internal.pkg.ReadPackage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The offline package commands: {@code keygen}, {@code pack}, {@code sign} and {@code verify}. */
final class PackageCommands {
    /** The package command names, in help order. */
    static final List<String> NAMES = List.of("keygen", "pack", "sign", "verify");

    private final PrintStream out;
    private final PrintStream err;

    PackageCommands(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs one package command and returns its exit code. */
    int run(String command, List<String> argv) throws CliException {
        return switch (command) {
            case "keygen" ->
                    keygen(CliArgs.parse(argv, Set.of("type", "chain-id", "out"), Set.of()));
            case "pack" -> pack(CliArgs.parse(argv, Set.of("key", "out"), Set.of("force")));
            case "sign" -> sign(CliArgs.parse(argv, Set.of("key", "out"), Set.of()));
            case "verify" -> verify(CliArgs.parse(argv, Set.of(), Set.of()));
            default -> throw new IllegalArgumentException(command);
        };
    }

    private int keygen(CliArgs a) throws CliException {
        a.expect(0, "");
        Path file = Path.of(a.required("out"));
        String type = a.value("type") == null ? "ed25519" : a.value("type");
        PublisherKey.Type t =
                switch (type.toLowerCase(Locale.ROOT)) {
                    case "ed25519" -> PublisherKey.Type.ED25519;
                    case "eth", "secp256k1" -> PublisherKey.Type.SECP256K1;
                    default -> throw CliException.usage("--type must be ed25519 or eth: " + type);
                };
        long chain = 1;
        if (a.value("chain-id") != null) {
            if (t != PublisherKey.Type.SECP256K1) {
                throw CliException.usage("--chain-id applies to --type eth only");
            }
            try {
                chain = Long.parseLong(a.value("chain-id"));
            } catch (NumberFormatException e) {
                chain = 0;
            }
            if (chain < 1) {
                throw CliException.usage("--chain-id must be a positive number");
            }
        }
        if (Files.exists(file)) {
            throw CliException.failed(file + " already exists; a key file is never overwritten");
        }
        PublisherKey key = KeyFiles.generate(t, chain);
        try {
            KeyFiles.save(key, file);
        } catch (FileAlreadyExistsException e) {
            throw CliException.failed(file + " already exists; a key file is never overwritten");
        } catch (IOException e) {
            throw CliException.failed("cannot write " + file + ": " + e.getMessage());
        }
        out.println(key.did());
        err.println("wrote " + file + " (owner-only); keep it secret and back it up");
        return 0;
    }

    private int pack(CliArgs a) throws CliException {
        Path dir = Path.of(a.expect(1, "the app directory").get(0));
        PublisherKey key = loadKey(a.required("key"));
        if (!Files.isDirectory(dir)) {
            throw CliException.failed("not a directory: " + dir);
        }
        if (!Files.isRegularFile(dir.resolve(AppManifest.MANIFEST_FILE))) {
            throw CliException.failed(dir + " holds no " + AppManifest.MANIFEST_FILE);
        }
        PackageBuilder builder;
        try (PackDirectory source = PackDirectory.prepare(dir, key.did())) {
            builder = PackageBuilder.fromDirectory(source.path());
        } catch (VerificationException e) {
            throw refused("pack", e);
        } catch (IOException e) {
            throw CliException.failed("pack failed: " + e.getMessage());
        }
        AppManifest m = builder.manifest();
        if (!m.publisherDid().equals(key.did())) {
            throw CliException.failed(
                    "pack refused: manifest.json names the publisher "
                            + m.publisherDid()
                            + " but the key is "
                            + key.did()
                            + "; fix the publisher or leave it out to take the key's");
        }
        Path target =
                a.value("out") != null
                        ? Path.of(a.value("out"))
                        : Path.of(m.id() + "-" + m.version() + ".wapp");
        if (target.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath().normalize())) {
            throw CliException.usage(
                    "the package would be written inside " + dir + "; pass --out elsewhere");
        }
        if (Files.exists(target) && !a.flag("force")) {
            throw CliException.failed(target + " already exists; pass --force to replace it");
        }
        ReadPackage p = writeVerified(builder.build(key), target);
        out.println(
                "packed "
                        + m.id()
                        + " "
                        + m.version()
                        + " into "
                        + target
                        + " ("
                        + p.files().size()
                        + (p.files().size() == 1 ? " file, " : " files, ")
                        + Output.size(p.size())
                        + ", signed by "
                        + key.did()
                        + ")");
        out.println("sha256 " + p.sha256());
        return 0;
    }

    private int sign(CliArgs a) throws CliException {
        Path pkg = Path.of(a.expect(1, "the package file").get(0));
        PublisherKey key = loadKey(a.required("key"));
        Path target = a.value("out") != null ? Path.of(a.value("out")) : pkg;
        if (!target.equals(pkg) && Files.exists(target)) {
            throw CliException.failed(target + " already exists");
        }
        byte[] signed;
        try {
            signed = PackageResigner.resign(pkg, key);
        } catch (NoSuchFileException e) {
            throw CliException.failed("no such package file: " + pkg);
        } catch (IOException e) {
            throw CliException.failed("sign refused: " + e.getMessage());
        }
        ReadPackage p = writeVerified(signed, target);
        out.println(
                "signed "
                        + p.manifest().id()
                        + " "
                        + p.manifest().version()
                        + " as "
                        + key.did()
                        + " into "
                        + target);
        out.println("sha256 " + p.sha256());
        return 0;
    }

    private int verify(CliArgs a) throws CliException {
        Path file = Path.of(a.expect(1, "the package file").get(0));
        if (!Files.isRegularFile(file)) {
            throw CliException.failed("no such package file: " + file);
        }
        ReadPackage p;
        try {
            p = new PackageReader(PackageLimits.DEFAULT).read(file);
        } catch (VerificationException e) {
            throw refused("verify", e);
        }
        AppManifest m = p.manifest();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"id", m.id()});
        rows.add(new String[] {"name", Output.printable(m.name())});
        rows.add(new String[] {"version", m.version()});
        rows.add(new String[] {"publisher", m.publisherDid().value()});
        rows.add(new String[] {"abi", m.abi()});
        rows.add(new String[] {"entry", m.entry()});
        rows.add(new String[] {"ui", m.ui() == null ? "-" : m.ui()});
        String caps =
                m.capabilities().stream()
                        .map(Capability::name)
                        .sorted()
                        .collect(Collectors.joining(", "));
        rows.add(new String[] {"capabilities", caps.isEmpty() ? "(none)" : caps});
        rows.add(
                new String[] {
                    "limits",
                    "memory "
                            + m.limits().memoryBytes() / (1024 * 1024)
                            + " MiB, timeout "
                            + m.limits().wallClock().toMillis()
                            + " ms, output "
                            + m.limits().maxOutputBytes()
                            + " bytes"
                });
        rows.add(new String[] {"license", license(m.license())});
        rows.add(new String[] {"files", Integer.toString(p.files().size())});
        rows.add(new String[] {"size", Output.size(p.size())});
        rows.add(new String[] {"sha256", p.sha256()});
        out.println("OK " + file + ": signature and every file verified");
        out.print(Output.block(rows));
        return 0;
    }

    private static String license(LicenseTerms t) {
        if (t == null) {
            return "none (free)";
        }
        return t.standard()
                + " "
                + t.contract()
                + " on chain "
                + t.chainId()
                + (t.tokenId() == null ? "" : " token " + t.tokenId());
    }

    private static PublisherKey loadKey(String file) throws CliException {
        try {
            return KeyFiles.load(Path.of(file));
        } catch (NoSuchFileException e) {
            throw CliException.failed("no such key file: " + file);
        } catch (IOException e) {
            throw CliException.failed("cannot use the key: " + e.getMessage());
        }
    }

    /**
     * Writes package bytes next to the target, verifies them with the node's reader and only then
     * moves them into place, so a package that would be refused is never left behind.
     */
    private static ReadPackage writeVerified(byte[] bytes, Path target) throws CliException {
        Path parent = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(parent, ".elastos-", ".wapp.tmp");
            Files.write(tmp, bytes);
            ReadPackage p = new PackageReader(PackageLimits.DEFAULT).read(tmp);
            try {
                Files.move(
                        tmp,
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            return p;
        } catch (VerificationException e) {
            throw CliException.failed(
                    "the built package does not verify, nothing written: "
                            + e.reason()
                            + ": "
                            + e.getMessage());
        } catch (IOException e) {
            throw CliException.failed("cannot write " + target + ": " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // Best effort: a leftover temporary file is harmless.
                }
            }
        }
    }

    private static CliException refused(String command, VerificationException e) {
        return CliException.failed(
                command + " refused: " + e.reason() + ": " + Output.printable(e.getMessage()));
    }
}
