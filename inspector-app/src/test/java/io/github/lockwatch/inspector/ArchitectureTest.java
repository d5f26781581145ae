package io.github.lockwatch.inspector;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import javafx.application.Platform;
import org.junit.jupiter.api.Test;

/** JavaFX stays out of the library and the engine; one class hands work to the FX thread. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.lockwatch");

    @Test
    void libraryAndEngineNeverDependOnJavaFx() {
        noClasses().that().resideInAnyPackage("io.github.lockwatch.lock..", "io.github.lockwatch.inspect..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..")
                .check(CLASSES);
    }

    @Test
    void onlyTheDispatcherCallsPlatformRunLater() {
        noClasses().that().doNotHaveFullyQualifiedName(FxDispatcher.class.getName())
                .should().callMethod(Platform.class, "runLater", Runnable.class)
                .check(CLASSES);
    }

    @Test
    void viewsAndViewModelsDoNoFileIo() {
        noClasses().that().resideInAPackage("io.github.lockwatch.inspector")
                .and().haveSimpleNameEndingWith("View").or().haveSimpleNameEndingWith("ViewModel")
                .or().haveSimpleNameEndingWith("Dialog").or().haveSimpleNameEndingWith("Model")
                .or().haveSimpleName("LockRow").or().haveSimpleName("DirectoryItem")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.channels.FileChannel")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileReader")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileWriter")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.RandomAccessFile")
                .because("the FX thread never does file I/O; it happens in the engine, on background threads")
                .check(CLASSES);
    }

    @Test
    void engineAndLibraryClassesAreOnTheClassPathOfThisCheck() {
        // guard against a vacuous pass: the rules above must have seen both packages
        if (CLASSES.stream().noneMatch(c -> c.getPackageName().startsWith("io.github.lockwatch.inspect"))
                || CLASSES.stream().noneMatch(c -> c.getPackageName().startsWith("io.github.lockwatch.lock"))) {
            throw new AssertionError("engine or library classes not imported");
        }
    }
}
