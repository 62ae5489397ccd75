package org.ganworkbench.kernel;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Java cells evaluated by the JDK's JShell in this JVM: a cell is split into JShell snippets
 * (statements, declarations, expressions), evaluated one after the other; the value of a last
 * snippet that is an expression (not an assignment) is the cell's result. Also the editing services: is the code
 * complete, completion, inspection.
 *
 * <p>Errors point into the cell: a compile error names its line and column and marks the code; a
 * runtime error's stack trace ends at the cell's frames (the JShell and reflection frames below it
 * are cut) and names cell lines, for methods declared in earlier cells too.
 *
 * <p>Not thread-safe: create and use it on the {@link Worker} thread only.
 */
final class JavaCells implements AutoCloseable {

    /** What JShell's own tool imports at start; cells expect {@code List}, {@code Random}, ... */
    static final List<String> DEFAULT_IMPORTS = List.of("java.io.*", "java.math.*", "java.net.*",
            "java.nio.file.*", "java.util.*", "java.util.concurrent.*", "java.util.function.*",
            "java.util.regex.*", "java.util.stream.*");

    private static final String RED = "\u001b[0;31m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    /** Where a snippet came from, for error messages: the cell's execution count and first line. */
    private record Origin(int cell, int line) {}

    private final Worker worker;
    private final InProcessExecutionControl control;
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final Map<String, Origin> origins = new HashMap<>();

    /**
     * A JShell with {@code classpath} (for the compiler: the JVM's own classes are loaded from the
     * application class loader at run time), the default imports and the {@code startup} snippets.
     *
     * @throws IllegalStateException if a startup snippet does not compile
     */
    JavaCells(Worker worker, List<String> classpath, List<String> startup) {
        this.worker = worker;
        this.control = new InProcessExecutionControl(worker);
        this.shell = JShell.builder()
                .executionEngine(InProcessExecutionControl.provider(control), Map.of())
                .build();
        for (String entry : classpath) {
            if (!entry.isBlank()) {
                shell.addToClasspath(entry);
            }
        }
        this.analysis = shell.sourceCodeAnalysis();
        List<String> init = new ArrayList<>();
        DEFAULT_IMPORTS.forEach(i -> init.add("import " + i + ";"));
        init.addAll(startup);
        for (String s : init) {
            CellResult r = run(s, 0);
            if (!r.ok()) {
                throw new IllegalStateException("kernel start-up snippet failed: " + s + ": " + r.error().message());
            }
        }
    }

    /** The entries of this JVM's class path (the lib, its engines, the kernel). */
    static List<String> jvmClasspath() {
        return List.of(System.getProperty("java.class.path", "").split(File.pathSeparator));
    }

    /** Adds a jar or class folder: the compiler sees it, and its classes load in later cells. */
    void addToClasspath(String path) {
        shell.addToClasspath(path);
    }

    /**
     * Runs a cell's code. Snippets run in order; the first that fails (does not compile, throws) or
     * after which an interrupt is pending ends the cell.
     *
     * @param cell the execution count, for error messages about code of this cell later
     */
    CellResult run(String code, int cell) {
        String rest = code;
        int consumed = 0;
        boolean hasValue = false;
        Object value = null;
        try {
            while (!rest.isBlank()) {
                CompletionInfo info = analysis.analyzeCompletion(rest);
                Completeness completeness = info.completeness();
                if (completeness == Completeness.EMPTY) {
                    break;   // only comments left
                }
                boolean complete = completeness.isComplete();
                String source = complete ? info.source() : rest;
                int used = complete ? rest.length() - info.remaining().length() : rest.length();
                int start = startOf(code, consumed, source);
                // the snippet's first code character (JShell's source may keep whitespace before it)
                int codeStart = Math.min(code.length(), start + (source.length() - source.stripLeading().length()));
                if (completeness == Completeness.DEFINITELY_INCOMPLETE || completeness == Completeness.CONSIDERED_INCOMPLETE) {
                    return CellResult.failed(incomplete(code, codeStart));
                }
                hasValue = false;
                value = null;
                List<SnippetEvent> events = shell.eval(source);
                // JShell numbers a snippet's lines from its first code line
                int firstLine = lineOf(code, codeStart);
                for (SnippetEvent e : events) {
                    if (e.causeSnippet() == null) {
                        origins.put(e.snippet().id(), new Origin(cell, firstLine));
                    }
                }
                CellError error = failure(events, source, code, start, cell);
                if (error != null) {
                    return CellResult.failed(error);
                }
                for (SnippetEvent e : events) {
                    if (e.causeSnippet() == null && showsValue(e.snippet())) {
                        hasValue = true;
                        value = control.take(e.value());
                    }
                }
                control.clearValues();
                consumed += used;
                rest = rest.substring(used);
                if (interruptPending()) {
                    return CellResult.failed(interrupted("the statement at line " + firstLine
                            + " ended early" + (rest.isBlank() ? "" : "; the lines after it did not run")));
                }
            }
            return hasValue ? CellResult.of(value) : CellResult.nothing();
        } finally {
            control.clearValues();
        }
    }

    private boolean interruptPending() {
        return Thread.currentThread().isInterrupted() || worker.interruptRequested();
    }

    /**
     * Where {@code source} (JShell's form of the next snippet, whose positions the diagnostics use)
     * starts in the cell: its first code character is found in the cell, and the whitespace JShell
     * kept before it counted back.
     */
    private static int startOf(String code, int from, String source) {
        String head = source.strip();
        int n = head.indexOf('\n');
        head = n < 0 ? head : head.substring(0, n);
        head = head.length() > 40 ? head.substring(0, 40) : head;
        int at = head.isEmpty() ? -1 : code.indexOf(head, from);
        if (at >= 0) {
            return at - (source.length() - source.stripLeading().length());
        }
        int i = from;
        while (i < code.length() && Character.isWhitespace(code.charAt(i))) {
            i++;
        }
        return i;
    }

    /** An expression's value is the cell's result; an assignment's is not (as in Python: {@code fig = display(...)}). */
    private static boolean showsValue(Snippet s) {
        return (s.kind() == Snippet.Kind.EXPRESSION && s.subKind() != Snippet.SubKind.ASSIGNMENT_SUBKIND)
                || (s.kind() == Snippet.Kind.VAR && s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
    }

    private CellError failure(List<SnippetEvent> events, String source, String code, int start, int cell) {
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) {
                continue;
            }
            if (e.exception() != null) {
                return thrown(e.exception(), code, start);
            }
            if (e.status() == Snippet.Status.REJECTED) {
                return notCompiled(e.snippet(), source, code, start);
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------ compile errors

    private CellError notCompiled(Snippet snippet, String source, String code, int start) {
        List<Diag> errors = shell.diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList());
        if (errors.isEmpty()) {
            int line = lineOf(code, start);
            return new CellError(CellError.COMPILATION, "not accepted by JShell (line " + line + ")",
                    List.of(RED + BOLD + CellError.COMPILATION + RESET + ": JShell did not accept the code at line " + line));
        }
        List<String> tb = new ArrayList<>();
        String first = null;
        for (Diag d : errors) {
            long pos = d.getStartPosition() >= 0 ? d.getStartPosition() : d.getPosition();
            long end = Math.max(d.getEndPosition(), pos + 1);
            int at = start + (int) Math.min(Math.max(pos, 0), source.length());
            int to = start + (int) Math.min(end, source.length());
            int line = lineOf(code, at);
            int column = at - lineStart(code, at) + 1;
            String[] message = d.getMessage(Locale.ENGLISH).split("\n");
            if (first == null) {
                first = message[0] + " (line " + line + ", column " + column + ")";
            }
            tb.add(RED + BOLD + CellError.COMPILATION + RESET + ": " + message[0]);
            for (int i = 1; i < message.length; i++) {
                if (!message[i].strip().equals("location: class")) {   // JShell's wrapper class has no name
                    tb.add(message[i]);
                }
            }
            tb.addAll(marked(code, at, to, line));
        }
        return new CellError(CellError.COMPILATION, first, tb);
    }

    private static List<String> marked(String code, int at, int to, int line) {
        int ls = lineStart(code, at);
        int le = code.indexOf('\n', at);
        le = le < 0 ? code.length() : le;
        String prefix = "line " + line + ": ";
        String text = code.substring(ls, le);
        int width = Math.max(1, Math.min(to, le) - at);
        return List.of(prefix + text,
                " ".repeat(prefix.length() + (at - ls)) + RED + "^".repeat(width) + RESET);
    }

    private static CellError incomplete(String code, int start) {
        int line = lineOf(code, start);
        String msg = "the cell ends inside an unfinished statement (it starts at line " + line
                + "): a missing ';', ')' or '}'?";
        return new CellError(CellError.COMPILATION, msg, List.of(RED + BOLD + CellError.COMPILATION + RESET + ": " + msg));
    }

    // ------------------------------------------------------------------------------ runtime errors

    private CellError thrown(JShellException ex, String code, int start) {
        if (ex instanceof UnresolvedReferenceException u) {
            String name = u.getSnippet().name();
            String msg = name + " cannot run: it uses something not defined yet ("
                    + shell.unresolvedDependencies(u.getSnippet()).collect(Collectors.joining(", ")) + ")";
            return new CellError("UnresolvedReference", msg, List.of(RED + BOLD + "UnresolvedReference" + RESET + ": " + msg));
        }
        EvalException e = (EvalException) ex;
        String cls = e.getExceptionClassName();
        if ("java.lang.ThreadDeath".equals(cls)) {
            return interrupted("the cell ignored the interrupt and was stopped by force at "
                    + where(e, code, start) + "; objects it was changing may be half-changed");
        }
        if (interruptPending()) {
            String why = e.getMessage() == null ? simpleName(cls) : simpleName(cls) + ": " + e.getMessage();
            return interrupted(why + " (at " + where(e, code, start) + ")");
        }
        List<String> tb = new ArrayList<>();
        JShellException cause = e;
        boolean firstException = true;
        Set<JShellException> seen = new LinkedHashSet<>();
        while (cause instanceof EvalException ee && seen.add(ee)) {
            String head = ee.getExceptionClassName() + (ee.getMessage() == null ? "" : ": " + ee.getMessage());
            tb.add(firstException ? RED + BOLD + head + RESET : "Caused by: " + head);
            tb.addAll(frames(ee.getStackTrace()));
            firstException = false;
            cause = ee.getCause();
        }
        return new CellError(simpleName(cls), e.getMessage() == null ? "" : e.getMessage(), tb);
    }

    /** The stack trace down to the deepest cell frame; JShell's and reflection's frames are cut. */
    private List<String> frames(StackTraceElement[] trace) {
        int last = -1;
        for (int i = 0; i < trace.length; i++) {
            if (isCellFrame(trace[i])) {
                last = i;
            }
        }
        List<String> out = new ArrayList<>();
        int end = last >= 0 ? last + 1 : trace.length;
        for (int i = 0; i < end; i++) {
            out.add("    at " + describe(trace[i]));
        }
        if (end < trace.length) {
            out.add("    (" + (trace.length - end) + " frames of JShell and reflection below the cell cut)");
        }
        return out;
    }

    private static boolean isCellFrame(StackTraceElement f) {
        return f.getFileName() != null && f.getFileName().startsWith("#");
    }

    private String describe(StackTraceElement f) {
        if (!isCellFrame(f)) {
            return f.toString();
        }
        Origin o = origins.get(f.getFileName().substring(1));
        String method = f.getMethodName() == null || f.getMethodName().isEmpty() || f.getMethodName().startsWith("do_it$")
                ? "" : f.getMethodName() + ", ";
        if (o == null) {
            return method + "snippet " + f.getFileName() + " line " + f.getLineNumber();
        }
        int line = o.line() + Math.max(f.getLineNumber(), 1) - 1;
        return method + (o.cell() > 0 ? "cell [" + o.cell() + "] " : "kernel start-up ") + "line " + line;
    }

    private String where(EvalException e, String code, int start) {
        for (StackTraceElement f : e.getStackTrace()) {
            if (isCellFrame(f)) {
                return describe(f);
            }
        }
        return "line " + lineOf(code, start);
    }

    private static CellError interrupted(String what) {
        String msg = "Interrupted: " + what + ". Variables keep the values they had; the next cell runs normally.";
        return new CellError(CellError.INTERRUPTED, what, List.of(RED + BOLD + CellError.INTERRUPTED + RESET
                + ": " + msg.substring("Interrupted: ".length())));
    }

    private static String simpleName(String cls) {
        int dot = cls.lastIndexOf('.');
        return dot < 0 ? cls : cls.substring(dot + 1);
    }

    static int lineOf(String code, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, code.length()); i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int lineStart(String code, int offset) {
        int i = Math.min(offset, code.length());
        while (i > 0 && code.charAt(i - 1) != '\n') {
            i--;
        }
        return i;
    }

    // ------------------------------------------------------------------------------ editing services

    /**
     * Jupyter's is_complete: "complete", "incomplete" (with the indent for the next line) or
     * "invalid".
     *
     * @return {@code {status, indent}}
     */
    String[] isComplete(String code) {
        String rest = code;
        while (!rest.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case COMPLETE, COMPLETE_WITH_SEMI -> rest = info.remaining();
                case EMPTY -> rest = "";
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                    return new String[] {"incomplete", indentFor(code)};
                }
                default -> {
                    return new String[] {"invalid", ""};
                }
            }
        }
        return new String[] {"complete", ""};
    }

    private static String indentFor(String code) {
        String last = code.substring(lineStart(code, code.length()));
        String indent = last.substring(0, last.length() - last.stripLeading().length());
        String t = code.stripTrailing();
        return t.endsWith("{") || t.endsWith("(") ? indent + "    " : indent;
    }

    /** Where the snippet that holds position {@code at} starts. */
    private int snippetStart(String code, int at) {
        String rest = code.substring(0, at);
        int start = 0;
        while (true) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            if (!info.completeness().isComplete() || info.remaining().isBlank()) {
                break;
            }
            int used = rest.length() - info.remaining().length();
            start += used;
            rest = info.remaining();
        }
        while (start < at && Character.isWhitespace(code.charAt(start))) {
            start++;
        }
        return start;
    }

    /** Completion at {@code at}: the replacement texts and the range they replace. */
    Completion complete(String code, int at) {
        at = Math.max(0, Math.min(at, code.length()));
        int start = snippetStart(code, at);
        String snippet = code.substring(start, at);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = analysis.completionSuggestions(snippet, snippet.length(), anchor);
        Set<String> texts = new LinkedHashSet<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType).forEach(s -> texts.add(s.continuation()));
        suggestions.forEach(s -> texts.add(s.continuation()));
        return new Completion(new ArrayList<>(texts), start + anchor[0], at);
    }

    /** Completion texts replacing {@code code[from, to)}. */
    record Completion(List<String> matches, int from, int to) {}

    /** Signatures and javadoc (where the JDK has its sources) of what is at {@code at}; empty if none. */
    String inspect(String code, int at) {
        at = Math.max(0, Math.min(at, code.length()));
        // inspect the identifier the cursor is in or right after
        int end = at;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        int start = snippetStart(code, Math.min(end, code.length()));
        String snippet = code.substring(start, end);
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(snippet, snippet.length(), true);
        if (docs.isEmpty() && !snippet.isEmpty() && Character.isJavaIdentifierPart(snippet.charAt(snippet.length() - 1))) {
            // JShell documents invocations: on a bare method name, ask as if its '(' were typed
            docs = analysis.documentation(snippet + "(", snippet.length() + 1, true);
        }
        StringBuilder out = new StringBuilder();
        int s = end;
        while (s > 0 && Character.isJavaIdentifierPart(code.charAt(s - 1))) {
            s--;
        }
        String name = code.substring(s, end);
        boolean qualified = s > 0 && code.charAt(s - 1) == '.';
        if (!qualified) {   // a variable of the session: its type first
            shell.variables().filter(v -> v.name().equals(name) && shell.status(v).isActive())
                    .forEach(v -> out.append(variable(v)).append("\n\n"));
        }
        for (SourceCodeAnalysis.Documentation d : docs) {
            out.append(d.signature()).append('\n');
            if (d.javadoc() != null && !d.javadoc().isBlank()) {
                out.append(d.javadoc().strip()).append("\n\n");
            }
        }
        return out.toString().strip();
    }

    private static String variable(VarSnippet v) {
        return v.typeName() + " " + v.name();
    }

    @Override
    public void close() {
        shell.close();
    }
}
