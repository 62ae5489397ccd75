package org.ganworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.List;

class ArgsTest {

    @Test
    void aDeclaredFlagLeavesTheNextArgumentPositional() {
        Args a = new Args(new String[] {"--rgb", "real", "--n", "64", "fake", "--seed=7"}, "--rgb");
        assertTrue(a.flag("--rgb"));
        assertEquals(64, a.intValue("--n", 0));
        assertEquals(7L, a.longValue("--seed", 1));
        a.finish();
        assertEquals(List.of("real", "fake"), a.positional());
    }

    @Test
    void anUndeclaredOptionTakesTheNextArgumentAsItsValue() {
        Args a = new Args(new String[] {"--out", "runs/x", "sweep.json", "--retry-failed"}, "--retry-failed");
        assertEquals("runs/x", a.value("--out", null));
        assertTrue(a.flag("--retry-failed"));
        assertEquals(List.of("sweep.json"), a.positional());
        Args b = new Args(new String[] {"sweep.json"}, "--retry-failed");
        assertFalse(b.flag("--retry-failed"));
        assertEquals("d", b.value("--out", "d"));
        assertNull(b.intOrNull("--n"));
    }

    @Test
    void mistakesNameTheOption() {
        assertEquals("--n needs a value", assertThrows(IllegalArgumentException.class,
                () -> new Args(new String[] {"dir", "--n"}).intValue("--n", 1)).getMessage());
        assertEquals("--n needs a value", assertThrows(IllegalArgumentException.class,
                () -> new Args(new String[] {"--n", "--size", "32"}).intOrNull("--n")).getMessage());
        assertEquals("--n needs a whole number, got 'many'", assertThrows(IllegalArgumentException.class,
                () -> new Args(new String[] {"--n", "many"}).intValue("--n", 1)).getMessage());
        assertEquals("--n is out of range, got 3000000000", assertThrows(IllegalArgumentException.class,
                () -> new Args(new String[] {"--n", "3000000000"}).intValue("--n", 1)).getMessage());
        assertEquals("--rgb is a flag (true or false), got 'yes'", assertThrows(IllegalArgumentException.class,
                () -> new Args(new String[] {"--rgb=yes"}, "--rgb").flag("--rgb")).getMessage());
        Args unknown = new Args(new String[] {"--size", "32", "--frobnicate", "--verbose"});
        unknown.intValue("--size", 64);
        assertEquals("unknown option(s): --frobnicate, --verbose",
                assertThrows(IllegalArgumentException.class, unknown::finish).getMessage());
        assertThrows(IllegalStateException.class, () -> new Args(new String[0]).flag("--rgb"));
    }
}
