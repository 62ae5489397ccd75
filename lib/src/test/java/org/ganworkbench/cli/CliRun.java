package org.ganworkbench.cli;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** One command run as {@code gan} runs it ({@link Main#configure}): exit code, stdout, stderr. */
record CliRun(int exit, String out, String err) {

    /** Runs a command made with the stream it prints to. */
    static CliRun of(Function<PrintStream, Object> command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        CommandLine cl = Main.configure(new CommandLine(command.apply(ps)));
        cl.setOut(new PrintWriter(ps, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    /** The whole command line ({@link Main#commandLine}), output captured. */
    static CliRun gan(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
