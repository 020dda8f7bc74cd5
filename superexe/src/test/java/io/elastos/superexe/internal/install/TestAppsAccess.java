// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.install;

import io.elastos.api.runtime.CallContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Lets tests of other packages use {@link TestApps}. */
public final class TestAppsAccess implements AutoCloseable {

    private final TestApps apps;

    public TestAppsAccess(Path dir) throws Exception {
        apps = new TestApps(dir);
    }

    public SuperExe superexe() {
        return apps.superexe;
    }

    public Path pkg(String version) throws Exception {
        return apps.pkg(version);
    }

    public String version() throws Exception {
        return new String(
                apps.superexe.call(TestApps.APP, "version", new byte[0], CallContext.ANONYMOUS),
                StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        apps.close();
    }
}
