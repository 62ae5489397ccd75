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
        COMMANDS.put("msssim", MsSsimFolder::main);
        COMMANDS.put("sweep", SweepCommand::main);
        COMMANDS.put("run-one", RunOne::main);
        COMMANDS.put("swd", SwdFolders::main);
        COMMANDS.put("swd-bench", SwdBench::main);
        COMMANDS.put("doctor", Doctor::main);
    }

    private static final String USAGE = String.join("\n",
            "usage: gan COMMAND [options]",
            "  bench [--steps 300] [--warmup 30] [--batch 64] [--engines MXNet,PyTorch] ...",
            "                        DCGAN training throughput per engine",
            "  train-classifier [--force]",
            "                        the Fashion-MNIST domain classifier behind fid_fmnist & co",
            "  evaluate-folder DIR [--n 5000]",
            "                        FID/KID/C2ST/classes of a folder of 28x28 PNGs",
            "  " + MsSsimFolder.USAGE,
            "                        MS-SSIM diversity of a folder of images (PGGAN protocol; lower = more diverse)",
            "  " + SweepCommand.USAGE,
            "                        an ablation sweep (resumes; results.csv, summary.csv in DIR)",
            "  " + RunOne.USAGE,
            "                        one run spec into a run folder (a sweep's child process)",
            "  " + SwdFolders.USAGE,
            "                        sliced Wasserstein distance (PGGAN protocol) between two image folders",
            "  " + SwdBench.USAGE,
            "                        time of swd_N on synthetic RGB images (Shapes)",
            "  " + Doctor.USAGE,
            "                        self-check: CPU, engine versions, gradient checks of the lib's ops on each engine");

    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help"))) {
            System.out.println(USAGE);
            return;
        }
        if (args.length == 0 || !COMMANDS.containsKey(args[0])) {
            System.err.println((args.length == 0 ? "no command given" : "unknown command '" + args[0] + "'")
                    + "; commands: " + String.join(", ", COMMANDS.keySet()));
            System.err.println(USAGE);
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
