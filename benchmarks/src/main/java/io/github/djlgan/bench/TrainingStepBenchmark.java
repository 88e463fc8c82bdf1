package io.github.djlgan.bench;

import ai.djl.Device;

import io.github.djlgan.djl.bench.ReferenceModel;
import io.github.djlgan.djl.bench.ReferenceTraining;

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
 * each {@link ReferenceModel} ({@code ring-mlp}, {@code mnist-mlp}, {@code dcgan28}, {@code dcgan64}: the shapes,
 * batch sizes and optimiser that {@code gan bench} uses), per engine. Each invocation makes
 * {@value #STEPS} iterations and then reads the averaged loss back, so an asynchronous engine has
 * really finished the work that is timed.
 *
 * <p>Run with {@code java -jar benchmarks/target/benchmarks.jar}; for example {@code -p
 * model=dcgan28 -p engine=PyTorch} picks one configuration. Thread settings come from the JVM
 * options below and, for MXNet, from {@code OMP_NUM_THREADS} in the environment.
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

    /** The reference model measured. */
    @Param({"ring-mlp", "mnist-mlp", "dcgan28", "dcgan64"})
    public String model;

    private ReferenceTraining training;

    /** Builds the models and the trainer and runs a first iteration outside the measurement. */
    @Setup(Level.Trial)
    public void setUp() {
        training = ReferenceTraining.create(ReferenceModel.of(model), engine, Device.cpu(), 1);
        training.iterate(1);
        training.finish();
    }

    /**
     * Trains {@value #STEPS} iterations.
     *
     * @return the mean discriminator loss, read back from the engine
     */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public double trainingIteration() {
        training.iterate(STEPS);
        return training.finish();
    }

    /** Closes every native resource. */
    @TearDown(Level.Trial)
    public void tearDown() {
        training.close();
    }
}
