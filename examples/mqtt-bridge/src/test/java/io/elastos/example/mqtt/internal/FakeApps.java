// SPDX-License-Identifier: Apache-2.0
package io.elastos.example.mqtt.internal;

import io.elastos.api.apps.AppCalls;
import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.SandboxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A stand-in for the node's app calls: records every call; some apps can be made to fail. */
final class FakeApps implements AppCalls {

    /** One call of an app's export. */
    record Call(String appId, String function, String input, CallContext context, String thread) {
        Map<String, Object> json() {
            return Json.parseObject(input);
        }
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final Set<String> failing = ConcurrentHashMap.newKeySet();

    @Override
    public byte[] call(String appId, String function, byte[] input, CallContext context)
            throws SandboxException {
        calls.add(
                new Call(
                        appId,
                        function,
                        new String(input, StandardCharsets.UTF_8),
                        context,
                        Thread.currentThread().getName()));
        if (failing.contains(appId)) {
            throw new SandboxException(SandboxException.Kind.TRAP, "the app trapped");
        }
        return new byte[0];
    }

    @Override
    public byte[] uiFile(String appId, String path) {
        return null;
    }

    List<Call> of(String appId) {
        return calls.stream().filter(c -> c.appId().equals(appId)).toList();
    }
}
