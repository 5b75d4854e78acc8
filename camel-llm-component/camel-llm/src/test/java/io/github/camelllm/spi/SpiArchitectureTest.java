package io.github.camelllm.spi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The package rules of docs/development.md, checked on the compiled classes: the backend SPI is self-contained (a
 * backend can be written against it alone), and the component reaches backends only through it.
 */
class SpiArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.camelllm");

    @Test
    void spiDependsOnNothingOfTheProject() {
        noClasses()
                .that()
                .resideInAPackage("io.github.camelllm.spi..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.github.camelllm.component..",
                        "io.github.camelllm.remote..",
                        "io.github.camelllm.llamacpp..",
                        "io.github.camelllm.chat..",
                        "io.github.camelllm.cache..",
                        "io.github.camelllm.support..",
                        "io.github.camelllm.models..",
                        "io.github.camelllm.gguf..")
                .because("the SPI is what a backend is written against: it must stand alone")
                .check(MAIN);
    }

    @Test
    void spiUsesNoJsonLibrary() {
        noClasses()
                .that()
                .resideInAPackage("io.github.camelllm.spi..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.fasterxml..")
                .check(MAIN);
    }

    @Test
    void sharedHelpersDependOnlyOnTheJdk() {
        noClasses()
                .that()
                .resideInAPackage("io.github.camelllm.support..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.github.camelllm.component..", "io.github.camelllm.remote..")
                .check(MAIN);
    }

    @Test
    void backendsAreReachedThroughTheSpiOnly() {
        noClasses()
                .that()
                .resideInAPackage("io.github.camelllm.component..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.github.camelllm.remote.openai..", "io.github.camelllm.llamacpp..")
                .because("the component finds backends with Camel's factory finder")
                .check(MAIN);
    }
}
