package io.github.djlgan.djl;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import ai.djl.ndarray.NDManager;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.testng.annotations.Test;

/**
 * The library modules are written against DJL's engine-neutral API only: no class of gan-api or
 * gan-djl may use an engine's classes. Engines are found at run time by name.
 */
public class ArchitectureTest {

    private static final JavaClasses LIBRARY =
            new ClassFileImporter()
                    .withImportOption(new ImportOption.DoNotIncludeTests())
                    .importPackages("io.github.djlgan.api", "io.github.djlgan.djl");

    @Test
    public void libraryNamesNoEngine() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "ai.djl.pytorch..", "ai.djl.mxnet..", "ai.djl.onnxruntime..", "ai.onnxruntime..")
                .check(LIBRARY);
    }

    @Test
    public void apiNeedsNoTensors() {
        noClasses()
                .that()
                .resideInAPackage("io.github.djlgan.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("ai.djl..", "io.github.djlgan.djl..")
                .check(LIBRARY);
    }

    /**
     * Model code never asks which engine it runs on: it depends on nothing in {@code
     * ai.djl.engine}, so it can neither call {@code Engine.getEngineName()} or {@code
     * getVersion()} (directly, or on what {@code NDManager.getEngine()} returns) nor compare their
     * results. Engine differences are decided by {@link
     * io.github.djlgan.djl.engine.EngineQuirks} where the networks are created, and passed in.
     */
    @Test
    public void modelCodeAsksNoEngine() {
        noClasses()
                .that()
                .resideInAPackage("io.github.djlgan.djl.model..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ai.djl.engine..")
                .orShould()
                .callMethod(NDManager.class, "getEngine")
                .check(LIBRARY);
    }
}
