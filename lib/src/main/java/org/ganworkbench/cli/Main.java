package org.ganworkbench.cli;

import org.ganworkbench.data.DataException;
import org.ganworkbench.engine.Engines;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The command-line entry ({@code environment/gan COMMAND ...}) on picocli: one class per command,
 * each option declared once with its description, from which {@code gan COMMAND --help} and the
 * bash completion ({@code gan generate-completion}) are made.
 *
 * <p>Exit codes: 0 done; 2 a usage error or bad input (unknown option, malformed value, missing
 * folder, bad spec: a message naming the argument, file or field, no stack trace); 1 a failed check
 * ({@code doctor}, {@code train-classifier}) or a bug (with its stack trace).
 */
@Command(name = "gan", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "The GAN Workbench's commands, run on the built lib. `gan COMMAND --help` describes one.",
        subcommands = {Bench.class, TrainClassifier.class, EvaluateFolder.class, MsSsimFolder.class, SwdFolders.class,
                MetricBench.class, SweepCommand.class, RunOne.class, OptionsCommand.class, Doctor.class,
                CommandLine.HelpCommand.class,
                picocli.AutoComplete.GenerateCompletion.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        System.out.flush();
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The workbench's command line. */
    static CommandLine commandLine() {
        CommandLine cl = configure(new CommandLine(new Main()));
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true);
        return cl;
    }

    /**
     * Our conventions on a command line: enum values in any case; bad input found while running
     * (IllegalArgumentException, DataException) exits 2 with its message, as a usage error does.
     */
    static CommandLine configure(CommandLine cl) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof DataException) {
                PrintWriter err = commandLine.getErr();
                err.println(commandLine.getCommandName() + ": " + e.getMessage());
                err.println("(gan " + commandLine.getCommandName() + " --help shows the arguments)");
                err.flush();
                return CommandLine.ExitCode.USAGE;
            }
            throw e;
        });
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "no command given");
    }

    /** The lib's version from its jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"gan-workbench " + Engines.workbenchVersion()};
        }
    }
}
