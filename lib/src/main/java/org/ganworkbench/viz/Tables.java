package org.ganworkbench.viz;

import tech.tablesaw.api.Table;
import tech.tablesaw.io.html.HtmlWriteOptions;
import tech.tablesaw.io.html.HtmlWriter;

import java.io.StringWriter;

/**
 * Tablesaw tables for notebooks: {@code display(Tables.html(table))} shows a styled table with its
 * name as caption, and carries the table as text too ({@link Html}).
 */
public final class Tables {

    private Tables() {}

    /**
     * The table as an HTML fragment (values printed with each column's print formatter) and as text
     * (all rows, Tablesaw's {@code printAll}).
     */
    public static Html html(Table table) {
        StringWriter out = new StringWriter();
        new HtmlWriter().write(table, HtmlWriteOptions.builder(out).build());
        String body = out.toString();
        String caption = "<caption style=\"caption-side: top; text-align: left; font-weight: bold\">"
                + escape(table.name()) + "</caption>";
        int open = body.indexOf('>', body.indexOf("<table"));
        String html = open < 0 ? body : body.substring(0, open + 1) + caption + body.substring(open + 1);
        return new Html(html, table.printAll());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
