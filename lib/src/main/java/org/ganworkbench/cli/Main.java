package org.ganworkbench.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** The command-line entry ({@code environment/gan COMMAND ...}): dispatches to one command's main. */
public final class Main {

    private static final Map<String, Consumer<String[]>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("bench", Bench::main);
        COMMANDS.put("train-classifier", TrainClassifier::main);
        COMMANDS.put("evaluate-folder", EvaluateFolder::main);
    }

    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0 || !COMMANDS.containsKey(args[0])) {
            System.err.println((args.length == 0 ? "no command given" : "unknown command '" + args[0] + "'")
                    + "; commands: " + String.join(", ", COMMANDS.keySet()));
            System.exit(2);
        }
        try {
            COMMANDS.get(args[0]).accept(Arrays.copyOfRange(args, 1, args.length));
        } catch (IllegalArgumentException e) {
            System.err.println(args[0] + ": " + e.getMessage());
            System.exit(2);
        }
    }
}
