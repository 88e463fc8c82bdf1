package io.github.djlgan.djl.theory;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.github.djlgan.djl.TestEngines;

import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

public class TheoryCheckTest {

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void trainedDiscriminatorMatchesTheOptimalOne(String engine) {
        OptimalDiscriminator.Result result =
                OptimalDiscriminator.check(engine, "cpu", TheoryCheck.propositionSettings(3000, 1));
        assertTrue(result.maxAbsDifference() < TheoryReport.OPTIMAL_DISCRIMINATOR_BOUND,
                "max |D - D*| = " + result.maxAbsDifference());
        // D* rises from ~0 below the generator's mode and falls again right of the data's mode.
        double[] optimal = result.optimal();
        double peak = java.util.Arrays.stream(optimal).max().orElseThrow();
        assertTrue(optimal[0] < 0.01 && optimal[optimal.length - 1] < peak - 0.02);
    }

    @Test
    public void supportHoldsNinetyNinePercentOfTheMixture() {
        double[] grid = OptimalDiscriminator.supportGrid(TheoryCheck.propositionSettings(1, 1));
        // N(3, 0.8^2) dominates the left tail, N(4, 0.5^2) the right: about 3 - 2.33 * 0.8 and
        // 4 + 2.33 * 0.5 where each holds 1% of its own mass beyond, i.e. 0.5% of the mixture's.
        assertEquals(grid[0], 3 - 2.33 * 0.8, 0.1);
        assertEquals(grid[grid.length - 1], 4 + 2.33 * 0.5, 0.1);
    }

    @Test(dataProvider = "engines", dataProviderClass = TestEngines.class)
    public void shortTrainingMovesTowardsTheGlobalOptimum(String engine) throws IOException {
        Path out = Files.createTempDirectory("theory");
        TheoryReport report =
                TheoryCheck.run(new TheoryCheck.Settings(engine, "cpu", 1, 200, 600), out);
        assertTrue(Files.size(out.resolve(TheoryCheck.FIGURE)) > 1000);
        assertTrue(Files.readString(out.resolve(TheoryCheck.REPORT)).contains("\"trajectory\""));
        List<TheoryReport.Row> rows = report.theorem1().trajectory();
        TheoryReport.Row first = rows.get(0);
        TheoryReport.Row last = rows.get(rows.size() - 1);
        assertEquals(first.step(), 0);
        assertEquals(last.step(), 600);
        assertTrue(last.jensenShannon() < 0.15 && last.jensenShannon() < first.jensenShannon() / 2,
                first.jensenShannon() + " -> " + last.jensenShannon());
        assertEquals(last.criterion(), -Math.log(4) + 2 * last.jensenShannon(), 1e-12);
        assertEquals(last.meanRealScore(), 0.5, 0.1);
        assertEquals(last.meanFakeScore(), 0.5, 0.1);
        assertEquals(last.value(), -Math.log(4), 0.1);
    }
}
