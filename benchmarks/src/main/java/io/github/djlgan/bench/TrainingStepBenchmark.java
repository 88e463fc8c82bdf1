package io.github.djlgan.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;

import io.github.djlgan.api.config.TrainingConfig;
import io.github.djlgan.djl.model.GanModels;
import io.github.djlgan.djl.run.GanSetup;
import io.github.djlgan.djl.train.GanTrainer;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Time of one full training iteration (k = 1 discriminator update, then one generator update) of
 * the default ring8 MLP GAN (G z(8) -> 128 -> 128 -> 2, D 2 -> 128 -> 128 -> 1, batch 256, Adam),
 * per engine. Each invocation makes {@value #STEPS} steps and then reads the averaged losses back,
 * so an asynchronous engine has really finished the work that is timed.
 *
 * <p>Run with {@code java -jar benchmarks/target/benchmarks.jar}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "-Dai.djl.offline=true",
            "-Dai.djl.pytorch.num_interop_threads=1",
            "-Djava.awt.headless=true"
        })
public class TrainingStepBenchmark {

    static final int STEPS = 10;

    /** The engine measured. */
    @Param({"PyTorch", "MXNet"})
    public String engine;

    private GanModels models;
    private GanTrainer trainer;

    /** Builds the models and the trainer and runs a first step outside the measurement. */
    @Setup(Level.Trial)
    public void setUp() {
        TrainingConfig config =
                TrainingConfig.builder().optEngine(engine).optSeed(1).optSteps(1_000_000).build();
        Engine.getEngine(engine).setRandomSeed(1);
        models = GanSetup.models(config, Device.cpu());
        trainer = GanSetup.trainer(config, models);
        trainer.trainStep();
        trainer.drainStats();
    }

    /**
     * Trains {@value #STEPS} steps.
     *
     * @return the mean discriminator loss, read back from the engine
     */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public double trainingIteration() {
        for (int i = 0; i < STEPS; i++) {
            trainer.trainStep();
        }
        return trainer.drainStats().discriminatorLoss();
    }

    /** Closes every native resource. */
    @TearDown(Level.Trial)
    public void tearDown() {
        trainer.close();
        models.close();
    }
}
