package org.ganworkbench.kernel;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The cells this kernel ran (this session only, kept in memory): Jupyter's history requests by
 * tail, range and search (glob with {@code *}, {@code ?}, {@code [...]}). Entries are
 * (session 0, execution count, input[, output as text]).
 */
final class History implements HistoryManager {

    private record Cell(int count, String input, String output) {}

    private final List<Cell> cells = new ArrayList<>();

    synchronized void add(int count, String input, String output) {
        cells.add(new Cell(count, input, output == null ? "" : output));
    }

    @Override
    public synchronized List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
        int from = Math.max(0, cells.size() - Math.max(0, length));
        return entries(cells.subList(from, cells.size()), flags);
    }

    @Override
    public synchronized List<HistoryEntry> lookupRange(int sessionOffset, int startCell, int endCell, Set<ResultFlag> flags) {
        if (sessionOffset != 0) {
            return List.of();   // earlier sessions are not kept
        }
        List<Cell> in = new ArrayList<>();
        for (Cell c : cells) {
            if (c.count() >= startCell && (endCell <= 0 || c.count() < endCell)) {
                in.add(c);
            }
        }
        return entries(in, flags);
    }

    @Override
    public synchronized List<HistoryEntry> search(String pattern, int length, Set<ResultFlag> flags) {
        Pattern p = glob(pattern == null ? "*" : pattern);
        List<Cell> hits = new ArrayList<>();
        Set<String> inputs = new LinkedHashSet<>();
        for (int i = cells.size() - 1; i >= 0; i--) {
            Cell c = cells.get(i);
            if (!p.matcher(c.input()).matches()) {
                continue;
            }
            if (flags.contains(ResultFlag.UNIQUE) && !inputs.add(c.input())) {
                continue;
            }
            hits.add(0, c);
            if (length > 0 && hits.size() >= length) {
                break;
            }
        }
        return entries(hits, flags);
    }

    private static List<HistoryEntry> entries(List<Cell> cells, Set<ResultFlag> flags) {
        boolean output = flags.contains(ResultFlag.INCLUDE_OUTPUT);
        List<HistoryEntry> out = new ArrayList<>();
        for (Cell c : cells) {
            out.add(output ? new HistoryEntry(0, c.count(), c.input(), c.output()) : new HistoryEntry(0, c.count(), c.input(), null));
        }
        return out;
    }

    /** An sqlite-style glob as a regex (the protocol's history search). */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char ch = glob.charAt(i);
            switch (ch) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int close = glob.indexOf(']', i + 1);
                    if (close < 0) {
                        re.append("\\[");
                    } else {
                        String set = glob.substring(i + 1, close);
                        boolean negated = set.startsWith("^");
                        String members = (negated ? set.substring(1) : set).replace("\\", "\\\\").replace("[", "\\[");
                        re.append('[').append(negated ? "^" : "").append(members).append(']');
                        i = close;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
