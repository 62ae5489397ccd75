package org.ganworkbench.kernel;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.ganworkbench.viz.Html;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Magics, history and rendering. */
class SmallPartsTest {

    @Test
    void magicLinesComeOffTheTopAndKeepTheCodesLineNumbers() {
        Magics.Split s = Magics.split("%classpath a.jar\n\n%lsmagic\nint x = 1;\nx % 2");
        assertEquals(List.of("%classpath a.jar", "%lsmagic"), s.magics());
        assertEquals("\n\n\nint x = 1;\nx % 2", s.code(), "a % in the code is not a magic");
        assertEquals(4, s.codeLine());
        assertEquals("int y;", Magics.split("int y;").code());
    }

    @Test
    void classpathMagicAddsExistingPathsAndNamesMissingOnes() {
        List<String> added = new ArrayList<>();
        String said = Magics.run("%classpath target/classes", added::add);
        assertEquals(1, added.size());
        assertTrue(added.get(0).endsWith("target/classes") && said.contains("added to the classpath"), said);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Magics.run("%classpath nope.jar", added::add));
        assertTrue(e.getMessage().contains("no such file or folder") && e.getMessage().contains("nope.jar"), e.getMessage());
        IllegalArgumentException u = assertThrows(IllegalArgumentException.class, () -> Magics.run("%timeit 1+1", added::add));
        assertTrue(u.getMessage().contains("unknown magic %timeit"), u.getMessage());
    }

    @Test
    void historyAnswersTailRangeAndGlobSearch() {
        History h = new History();
        h.add(1, "6*7", "42");
        h.add(2, "int x = 1;", "");
        h.add(3, "6*7", "42");
        Set<HistoryManager.ResultFlag> none = EnumSet.noneOf(HistoryManager.ResultFlag.class);
        List<HistoryEntry> tail = h.lookupTail(2, none);
        assertEquals(List.of(2, 3), tail.stream().map(HistoryEntry::getCellNumber).toList());
        assertFalse(tail.get(0).hasOutput());
        assertEquals("42", h.lookupTail(1, EnumSet.of(HistoryManager.ResultFlag.INCLUDE_OUTPUT)).get(0).getOutput());
        assertEquals(List.of(2), h.lookupRange(0, 2, 3, none).stream().map(HistoryEntry::getCellNumber).toList());
        assertEquals(2, h.search("6?7", 10, none).size());
        assertEquals(1, h.search("6?7", 10, EnumSet.of(HistoryManager.ResultFlag.UNIQUE)).size());
        assertEquals(1, h.search("int [a-z] = *", 10, none).size());
        assertTrue(History.glob("[^0-9]*").matcher("x1").matches());
        assertFalse(History.glob("[^0-9]*").matcher("1x").matches());
    }

    @Test
    void everyBundleHasTextPlain() {
        Renderer r = new Renderer();
        org.dflib.jjava.jupyter.kernel.display.common.Image.registerAll(r);
        org.dflib.jjava.jupyter.kernel.display.common.Text.registerAll(r);
        Rendering.registerAll(r);
        DisplayData img = r.render(new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB));
        assertEquals("image 5\u00d73", img.getData(MIMEType.TEXT_PLAIN));
        assertTrue(String.valueOf(img.getData(MIMEType.IMAGE_PNG)).startsWith("iVBORw0KGgo"), "a base64 PNG");
        DisplayData html = r.render(new Html("<b>x</b>", "x"));
        assertEquals("<b>x</b>", html.getData(MIMEType.TEXT_HTML));
        assertEquals("x", html.getData(MIMEType.TEXT_PLAIN));
        DisplayData table = r.render(tech.tablesaw.api.Table.create("t", tech.tablesaw.api.IntColumn.create("n", new int[] {4})));
        assertTrue(String.valueOf(table.getData(MIMEType.TEXT_HTML)).contains("<td>4</td>"));
        assertTrue(String.valueOf(table.getData(MIMEType.TEXT_PLAIN)).contains("4"));
        assertEquals("[1]", r.render(List.of(1)).getData(MIMEType.TEXT_PLAIN));
    }
}
