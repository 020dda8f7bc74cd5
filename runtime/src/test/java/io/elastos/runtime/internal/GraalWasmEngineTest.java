// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.node.HealthStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GraalWasmEngineTest {

    private final GraalWasmEngine engine = new GraalWasmEngine();

    @BeforeEach
    void activate() {
        engine.activate();
    }

    @AfterEach
    void deactivate() {
        engine.deactivate();
    }

    @Test
    void selfTestRunsTheClangBuiltModule() {
        HealthStatus status = engine.check();
        assertTrue(status.healthy(), status.detail());
        assertEquals(engine.compilationMode().name(), status.data().get("mode"));
        assertNotNull(engine.version());
    }

    @Test
    void modeFollowsTheEngineImplementation() {
        boolean interpreted = "Interpreted".equals(engine.implementationName());
        assertEquals(
                interpreted,
                engine.compilationMode() == GraalWasmEngine.CompilationMode.INTERPRETER);
    }

    @Test
    void expectationsMatchAnIndependentFnvComputation() {
        // FNV-1a of the empty input is the offset basis.
        assertEquals(0x811c9dc5, SelfTestExpectations.fnv1a(0));
        int h = 0x811c9dc5;
        h = (h ^ 7) * 0x01000193;
        assertEquals(h, SelfTestExpectations.fnv1a(1));
    }

    @Test
    void everyCheckUsesAFreshContext() {
        for (int i = 0; i < 5; i++) {
            assertTrue(engine.check().healthy());
        }
    }
}
