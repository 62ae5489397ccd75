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
 * file or folder, bad spec: a message naming the argument, file or field); 1 a failed check
 * ({@code doctor}, {@code train-classifier}, {@code train-segmenter}) or a failure of the run. No stack trace unless
 * {@code --debug}.
 */
@Command(name = "gan", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "The GAN Workbench's commands, run on the built lib. `gan COMMAND --help` describes one.",
        subcommands = {Bench.class, TrainClassifier.class, TrainSegmenter.class, EvaluateFolder.class, MsSsimFolder.class, SwdFolders.class,
                MetricBench.class, Soak.class, SweepCommand.class, RunOne.class, OptionsCommand.class, Doctor.class,
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
     * Our conventions on a command line: enum values in any case, and one way to fail. Bad input
     * found while running (IllegalArgumentException, DataException, a file that is missing or
     * unreadable) exits 2 with a message naming the file, field or flag, as a usage error does;
     * any other failure exits 1 with its message. Neither shows a stack trace unless {@code --debug}
     * is given (to any command) or {@code GAN_DEBUG=1} is set.
     */
    static CommandLine configure(CommandLine cl) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean userError = userError(e);
            PrintWriter err = commandLine.getErr();
            err.println(commandLine.getCommandName() + ": " + message(e));
            if (debug(parseResult)) {
                e.printStackTrace(err);
            } else {
                err.println(userError ? "(gan " + commandLine.getCommandName() + " --help shows the arguments)"
                        : "(not bad input: a failure of the run; --debug shows where it happened)");
            }
            err.flush();
            return userError ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
        });
        return cl;
    }

    /** Whether the user can fix it by changing the command's input. */
    static boolean userError(Throwable e) {
        if (e instanceof IllegalArgumentException || e instanceof DataException) {
            return true;
        }
        if (e instanceof java.io.UncheckedIOException u) {
            return u.getCause() instanceof java.nio.file.NoSuchFileException
                    || u.getCause() instanceof java.nio.file.AccessDeniedException
                    || u.getCause() != null && u.getCause().getCause() instanceof java.nio.file.NoSuchFileException;
        }
        return false;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        if (e instanceof java.io.UncheckedIOException u && u.getCause() != null) {
            m = u.getCause().getMessage();
        }
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static boolean debug(CommandLine.ParseResult parseResult) {
        String env = System.getenv("GAN_DEBUG");
        if (env != null && (env.equals("1") || env.equalsIgnoreCase("true"))) {
            return true;
        }
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /** {@code --debug}, accepted by every command: show the stack trace of a failure. */
    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "on a failure, also print its stack trace (or set GAN_DEBUG=1)")
    boolean debug;

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
