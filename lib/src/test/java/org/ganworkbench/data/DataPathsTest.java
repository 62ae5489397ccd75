package org.ganworkbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPathsTest {

    @TempDir
    Path root;

    private static final UnaryOperator<String> NONE = key -> null;

    private static UnaryOperator<String> of(String key, String value) {
        return Map.of(key, value)::get;
    }

    @Test
    void propertyWinsOverEnvironmentAndWalkUp() {
        Path found = DataPaths.dataDir(of(DataPaths.DATA_PROPERTY, "/p"), of(DataPaths.DATA_ENV, "/e"), root);
        assertEquals(Paths.get("/p"), found);
        assertEquals(Paths.get("/e"), DataPaths.dataDir(of(DataPaths.DATA_PROPERTY, " "), of(DataPaths.DATA_ENV, "/e"), root));
    }

    @Test
    void walksUpToTheFolderWithDataAndLibPom() throws Exception {
        Files.createDirectories(root.resolve("data"));
        Files.createDirectories(root.resolve("lib"));
        Files.writeString(root.resolve("lib/pom.xml"), "<project/>");
        Path deep = Files.createDirectories(root.resolve("notebooks/sub"));
        Files.createDirectories(deep.resolve("data")); // data/ without lib/pom.xml must not match
        assertEquals(root.resolve("data"), DataPaths.dataDir(NONE, NONE, deep));
        assertEquals(root.resolve("data"), DataPaths.dataDir(NONE, NONE, root.resolve("lib")));
        Path nested = Files.createDirectories(root.resolve("other/lib")).getParent(); // lib/pom.xml without data/
        Files.writeString(nested.resolve("lib/pom.xml"), "<project/>");
        assertEquals(root.resolve("data"), DataPaths.dataDir(NONE, NONE, nested));
    }

    @Test
    void failsWithAClearMessageWhenNothingIsFound() {
        DataException e = assertThrows(DataException.class, () -> DataPaths.dataDir(NONE, NONE, root));
        assertEquals(root, e.path());
        assertTrue(e.getMessage().contains(DataPaths.DATA_PROPERTY), e.getMessage());
        assertTrue(e.getMessage().contains(DataPaths.DATA_ENV), e.getMessage());
        assertTrue(e.getMessage().contains("lib/pom.xml"), e.getMessage());
    }

    @Test
    void fashionMnistDefaultsToTheDebianFolder() {
        assertEquals(Paths.get("/usr/share/datasets/fashion-mnist"), DataPaths.fashionMnistDir(NONE, NONE));
        assertEquals(Paths.get("/f"), DataPaths.fashionMnistDir(NONE, of(DataPaths.FASHION_MNIST_ENV, "/f")));
        assertEquals(Paths.get("/g"), DataPaths.fashionMnistDir(of(DataPaths.FASHION_MNIST_PROPERTY, "/g"),
                of(DataPaths.FASHION_MNIST_ENV, "/f")));
    }
}
