package org.ganworkbench;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The lib's packages are layers, lowest first; a class may use its own layer and the layers below
 * it, never one above (no upward edge, hence no cycle). After the option declarations
 * ({@code config}) the order reads like the notebooks: the engine, network pieces, data, models,
 * losses, the training loop, metrics, self-checks, pictures, experiments (run folders, sweeps), the
 * command line, and {@code Lab}, the notebooks' entry.
 */
class ArchitectureTest {

    /** Lowest first: package (under org.ganworkbench; "" is the root package, i.e. Lab). */
    static final List<String> LAYERS = List.of("storage", "config", "engine", "nn", "data", "models", "losses", "training", "metrics",
            "selfcheck", "viz", "experiments", "cli", "");

    private static JavaClasses classes;

    @BeforeAll
    static void importLib() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.ganworkbench");
    }

    @Test
    void everyPackageIsALayerAndUsesOnlyLayersBelowIt() {
        Architectures.LayeredArchitecture layers = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String p : LAYERS) {
            layers = layers.layer(name(p)).definedBy(p.isEmpty() ? "org.ganworkbench" : "org.ganworkbench." + p + "..");
        }
        for (int i = 1; i < LAYERS.size(); i++) {
            String[] below = LAYERS.subList(0, i).stream().map(ArchitectureTest::name).toArray(String[]::new);
            layers = layers.whereLayer(name(LAYERS.get(i))).mayOnlyAccessLayers(below);
        }
        layers = layers.whereLayer(name(LAYERS.get(0))).mayNotAccessAnyLayer();
        layers.check(classes);
        // a package of the lib that is not in LAYERS would escape the rule above
        noClasses().that().resideInAPackage("org.ganworkbench..")
                .should().resideOutsideOfPackages(LAYERS.stream()
                        .map(p -> p.isEmpty() ? "org.ganworkbench" : "org.ganworkbench." + p + "..").toArray(String[]::new))
                .because("every package of the lib must be a layer of ArchitectureTest.LAYERS")
                .check(classes);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.ganworkbench.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void engineSpecificCodeLivesInTheEnginePackage() {
        noClasses().that().resideOutsideOfPackage("org.ganworkbench.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl.mxnet..", "ai.djl.pytorch..")
                .because("engine facts and workarounds are kept in one place (org.ganworkbench.engine)")
                .check(classes);
    }

    private static String name(String p) {
        return p.isEmpty() ? "Lab" : p;
    }

    /** The packages the kernel imports with .* (Lab.PACKAGES) must not make a class name ambiguous in a cell. */
    @Test
    void theNotebooksPackagesShareNoClassNameWithEachOtherOrJShellsImports() {
        java.util.Map<String, List<String>> byName = new java.util.TreeMap<>();
        for (var c : classes) {
            if (Lab.PACKAGES.contains(c.getPackageName()) && c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)
                    && c.isTopLevelClass()) {
                byName.computeIfAbsent(c.getSimpleName(), k -> new java.util.ArrayList<>()).add(c.getPackageName());
            }
        }
        for (String p : Lab.PACKAGES) {
            org.junit.jupiter.api.Assertions.assertTrue(byName.values().stream().anyMatch(l -> l.contains(p)),
                    p + " has no public class: drop it from Lab.PACKAGES");
        }
        List<String> jshell = List.of("java.io", "java.math", "java.net", "java.nio.file", "java.util",
                "java.util.concurrent", "java.util.function", "java.util.regex", "java.util.stream");
        List<String> clashes = new java.util.ArrayList<>();
        byName.forEach((name, packages) -> {
            if (packages.size() > 1) {
                clashes.add(name + " in " + packages);
            }
            for (String j : jshell) {
                try {
                    Class.forName(j + "." + name, false, getClass().getClassLoader());
                    clashes.add(name + " in " + packages + " and " + j);
                } catch (ClassNotFoundException absent) {
                    // no clash
                }
            }
        });
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), clashes,
                "a cell naming these classes would not compile without a full name");
    }
}
