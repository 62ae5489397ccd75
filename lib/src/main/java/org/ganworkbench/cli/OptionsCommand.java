package org.ganworkbench.cli;

import org.ganworkbench.experiments.OptionTables;
import picocli.CommandLine.Command;

/** Prints the run spec's option tables ({@link OptionTables}), made from the options' declarations. */
@Command(name = "options", mixinStandardHelpOptions = true,
        description = "The run spec's options per section: key, values, default, what each does (Markdown).")
final class OptionsCommand implements Runnable {

    @Override
    public void run() {
        System.out.print(OptionTables.markdown());
    }
}
