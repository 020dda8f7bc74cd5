// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal;

import io.elastos.api.identity.OwnerWallets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The owner's wallets from configuration (PID {@code io.elastos.identity.wallets}), until wallet
 * sign-in records them as the owner's {@code did:pkh} accounts.
 */
@Component(service = OwnerWallets.class, configurationPid = "io.elastos.identity.wallets")
@Designate(ocd = ConfiguredOwnerWallets.Config.class)
public class ConfiguredOwnerWallets implements OwnerWallets {

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    @ObjectClassDefinition(
            name = "ElastOS owner wallets",
            description = "The owner's wallet addresses, whose tokens prove app licenses.")
    @interface Config {
        @AttributeDefinition(
                description = "Comma-separated wallet addresses (0x and 40 hex digits each).")
        String addresses() default "";
    }

    private volatile List<String> addresses = List.of();

    @Activate
    @Modified
    void configure(Config config) {
        addresses = parse(config.addresses());
    }

    /**
     * Parses a comma-separated list of addresses.
     *
     * @throws IllegalArgumentException naming the first entry that is not an address
     */
    static List<String> parse(String setting) {
        List<String> out = new ArrayList<>();
        for (String part : setting.split(",")) {
            String a = part.strip();
            if (a.isEmpty()) {
                continue;
            }
            if (!ADDRESS.matcher(a).matches()) {
                throw new IllegalArgumentException("not a wallet address: " + a);
            }
            String lower = a.toLowerCase(Locale.ROOT);
            if (!out.contains(lower)) {
                out.add(lower);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public List<String> addresses() {
        return addresses;
    }
}
