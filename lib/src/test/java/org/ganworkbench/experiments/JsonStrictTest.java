package org.ganworkbench.experiments;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spec and sweep files are read as strict JSON: what a lenient reader would take silently is named. */
class JsonStrictTest {

    private static String refused(String json) {
        return assertThrows(IllegalArgumentException.class, () -> Json.parseObject(json, "s.json")).getMessage();
    }

    @Test
    void plainJsonReadsAsPlainJavaValues() {
        Map<String, Object> m = Json.parseObject("{\"a\": 1, \"b\": [1.5, \"x\", true, null], \"c\": {\"d\": 2.0}}", "s.json");
        assertEquals(1L, m.get("a"));
        assertEquals(java.util.Arrays.asList(1.5, "x", true, null), m.get("b"));
        assertEquals(Map.of("d", 2L), m.get("c"), "2.0 is the whole number 2");
        assertEquals(List.of("a", "b", "c"), List.copyOf(m.keySet()), "file order kept");
    }

    @Test
    void whatIsNotJsonIsRefusedWithItsPlace() {
        String duplicate = refused("{\"steps\": 10,\n \"steps\": 20}");
        assertTrue(duplicate.startsWith("s.json: duplicate key 'steps' at line 2"), duplicate);
        String comment = refused("{\"steps\": 10 // ten\n}");
        assertTrue(comment.startsWith("s.json: not valid JSON") && comment.contains("line 1"), comment);
        assertTrue(!comment.contains("setStrictness") && !comment.contains("https://"), "no advice to read leniently: " + comment);
        String unquoted = refused("{steps: 10}");
        assertTrue(unquoted.startsWith("s.json: not valid JSON"), unquoted);
        String single = refused("{'steps': 10}");
        assertTrue(single.startsWith("s.json: not valid JSON"), single);
        String nan = refused("{\"lr\": NaN}");
        assertTrue(nan.startsWith("s.json: not valid JSON"), nan);
        String trailing = refused("{\"a\": [1, 2,]}");
        assertTrue(trailing.startsWith("s.json: not valid JSON"), trailing);
        String truncated = refused("{\"a\": {\"b\": 1");
        assertTrue(truncated.startsWith("s.json: the JSON ends too early"), truncated);
        assertTrue(refused("").startsWith("s.json: the JSON ends too early"));
        String more = refused("{\"a\": 1} {\"b\": 2}");
        assertTrue(more.startsWith("s.json: more text after the JSON object"), more);
        String list = refused("[1, 2]");
        assertTrue(list.startsWith("s.json: expected a JSON object {...}, got begin array"), list);
    }

    @Test
    void aSpecFileWithADuplicateKeyIsRefusedAtRead() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunSpec.fromJson("{\"data\": \"ring8\", \"steps\": 10, \"steps\": 20}"));
        assertTrue(e.getMessage().contains("duplicate key 'steps'"), e.getMessage());
    }
}
