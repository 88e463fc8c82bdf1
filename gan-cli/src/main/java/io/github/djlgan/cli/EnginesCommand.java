package io.github.djlgan.cli;

import ai.djl.engine.Engine;

import io.github.djlgan.djl.engine.Engines;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code gan engines}: the engines found, their versions and devices. */
@Command(
        name = "engines",
        mixinStandardHelpOptions = true,
        description = "Lists the engines on the class path, their versions and usable devices.")
final class EnginesCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("DJL " + Engine.getDjlVersion());
        for (String name : Engines.available()) {
            try {
                Engine engine = Engine.getEngine(name);
                int gpus = engine.getGpuCount();
                StringBuilder devices = new StringBuilder("cpu");
                for (int i = 0; i < gpus; i++) {
                    devices.append(", gpu:").append(i);
                }
                out.printf("%-8s %-10s devices: %s%n", name, engine.getVersion(), devices);
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                out.printf("%-8s failed to load: %s%n", name, e.getMessage());
            }
        }
        return GanCli.OK;
    }
}
