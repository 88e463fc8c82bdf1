package io.github.djlgan.djl.engine;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import ai.djl.engine.Engine;

import io.github.djlgan.djl.TestEngines;

import org.testng.annotations.Test;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

public class EngineQuirksTest {

    /** Every quirk names a test method that exists, and the ids are unique. */
    @Test
    public void everyQuirkNamesTheTestThatProvesIt() throws ClassNotFoundException {
        Set<String> ids = new HashSet<>();
        for (EngineQuirk quirk : EngineQuirks.all()) {
            assertTrue(ids.add(quirk.id()), "duplicate id " + quirk.id());
            String[] test = quirk.provenBy().split("#");
            assertEquals(test.length, 2, quirk.provenBy());
            Class<?> type = Class.forName(test[0]);
            assertTrue(
                    Arrays.stream(type.getMethods())
                            .map(Method::getName)
                            .anyMatch(test[1]::equals),
                    quirk.provenBy() + " does not exist");
        }
    }

    /** Versions compare as numbers, with an open upper end and build suffixes ignored. */
    @Test
    public void versionRangesCompareNumerically() {
        EngineQuirk quirk = EngineQuirks.CONVOLUTION_OUTPUT_CHANNELS;
        assertTrue(quirk.appliesTo("PyTorch", "2.7.1"));
        assertTrue(quirk.appliesTo("PyTorch", "2.7.1-cu128"));
        assertTrue(quirk.appliesTo("PyTorch", "2.10.0"), "open above: 2.10 > 2.7");
        assertFalse(quirk.appliesTo("PyTorch", "2.7.0"));
        assertFalse(quirk.appliesTo("MXNet", "2.7.1"));
        EngineQuirk closed =
                new EngineQuirk("x", "MXNet", "1.8", "1.9.1", "what", "why", "Test#method");
        assertTrue(closed.appliesTo("MXNet", "1.9.1"));
        assertTrue(closed.appliesTo("MXNet", "1.8.0"));
        assertFalse(closed.appliesTo("MXNet", "1.9.2"));
        assertFalse(closed.appliesTo("MXNet", "1.10"));
    }

    /**
     * On the engines this project ships, the registry rounds PyTorch's convolution to 16 output
     * channels and leaves MXNet's alone (the rounded convolution crashed MXNet 1.9.1's MKL build).
     */
    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void theConvolutionQuirkIsDecidedFromTheEngine(String engine) {
        assertEquals(
                EngineQuirks.convolutionChannelMultiple(Engine.getEngine(engine)),
                engine.equals("PyTorch") ? 16 : 1,
                engine + " " + Engine.getEngine(engine).getVersion());
    }
}
