package io.github.djlgan.djl;

import org.testng.annotations.DataProvider;

/** The engines every numerical test runs on. */
public final class TestEngines {

    private TestEngines() {}

    /**
     * Supplies each engine name to a test.
     *
     * @return one row per engine
     */
    @DataProvider(name = "engines")
    public static Object[][] engines() {
        return new Object[][] {{"PyTorch"}, {"MXNet"}};
    }
}
