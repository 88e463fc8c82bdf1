package io.github.djlgan.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.testng.annotations.Test;

import java.util.Map;

/**
 * Every array the toolkit makes is made on the run's device: a rule over every main class of
 * every module (api, djl, the engine plugins, the command line), checked on every machine.
 *
 * <p>Why a rule and not a run: on a machine without a GPU no engine can be made to refuse an array
 * on the wrong device. DJL 0.36 maps {@code Device.of("cpu", 1)} to {@code cpu()}; MXNet accepts
 * inputs on {@code cpu(0)}, {@code cpu(1)} and {@code cpu_pinned(0)} in one operator (it compares
 * device kinds, not ids); DJL's PyTorch engine cannot name libtorch's {@code meta} device, and meta
 * tensors hold no values a training step could read back; {@code mps} does not exist in a Linux
 * build. docs/engines.md, "Device placement", has the measurements. What a wrong placement needs
 * is a device that does not come from the run: a named one ({@code Device.cpu()}), the engine's
 * default one (a manager or model made without a device), or a move ({@code toDevice}). The rules
 * forbid those three, outside the few classes below that have a reason.
 */
public class DevicePlacementRuleTest {

    /**
     * The classes (nested ones included) allowed to name a device, and why. Adding one needs a
     * reason that holds on a GPU host.
     */
    private static final Map<String, String> EXEMPT =
            Map.of(
                    "io.github.djlgan.djl.engine.Engines",
                    "turns --device into a DJL device: the one place devices are named",
                    "io.github.djlgan.djl.export.OnnxGeneratorModel",
                    "ONNX Runtime's CPU build is the one shipped; an exported generator runs there",
                    "io.github.djlgan.engine.pytorch.PtInputGradients",
                    "a TorchScript function without tensors of its own, loaded once per JVM; it"
                            + " computes on whichever device its inputs are on");

    private static final JavaClasses MAIN =
            new ClassFileImporter()
                    .withImportOption(new ImportOption.DoNotIncludeTests())
                    // Under `mvn verify` gan-djl's test classes arrive as its -tests.jar, which
                    // DoNotIncludeTests (a test-classes folder rule) does not recognise.
                    .withImportOption(location -> !location.contains("-tests.jar"))
                    .importPackages("io.github.djlgan");

    private static final DescribedPredicate<JavaClass> NOT_EXEMPT =
            DescribedPredicate.describe(
                    "are not exempt " + EXEMPT.keySet(),
                    c -> !EXEMPT.containsKey(c.getName().split("\\$")[0]));

    /** Devices come from {@code Engines.device} and are passed down; nothing else names one. */
    @Test
    public void onlyEnginesNamesADevice() {
        noClasses()
                .that(NOT_EXEMPT)
                .should()
                .callMethod(Device.class, "cpu")
                .orShould()
                .callMethod(Device.class, "gpu")
                .orShould()
                .callMethod(Device.class, "gpu", int.class)
                .orShould()
                .callMethod(Device.class, "of", String.class, int.class)
                .orShould()
                .callMethod(Device.class, "fromName", String.class)
                .orShould()
                .callMethod(Device.class, "fromName", String.class, Engine.class)
                .orShould()
                .callMethod(Engine.class, "defaultDevice")
                .because("a named device is the host's on a GPU run (docs/engines.md)")
                .check(MAIN);
    }

    /**
     * No manager or model is made on the engine's default device: on a CUDA host that is {@code
     * gpu(0)} whatever {@code --device} says. Sub-managers of the run's managers carry its device.
     */
    @Test
    public void nothingIsMadeOnTheDefaultDevice() {
        noClasses()
                .that(NOT_EXEMPT)
                .should()
                .callMethod(NDManager.class, "newBaseManager")
                .orShould()
                .callMethod(NDManager.class, "newBaseManager", String.class)
                .orShould()
                .callMethod(Engine.class, "newBaseManager")
                .orShould()
                .callMethod(Model.class, "newInstance", String.class)
                .orShould()
                .callMethod(Model.class, "newInstance", String.class, String.class)
                .because("the default device is not the run's (docs/engines.md)")
                .check(MAIN);
    }

    /** Arrays are made where they are used; none is moved to another device. */
    @Test
    public void noArrayIsMovedToAnotherDevice() {
        noClasses()
                .that(NOT_EXEMPT)
                .should()
                .callMethod(NDArray.class, "toDevice", Device.class, boolean.class)
                .orShould()
                .callMethod(NDList.class, "toDevice", Device.class, boolean.class)
                .because("a moved array lives on a device the run did not choose")
                .check(MAIN);
    }
}
