package io.github.djlgan.djl;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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
}
