package org.ganworkbench.kernel;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.InterruptRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.dflib.jjava.jupyter.messages.request.ShutdownRequest;
import org.ganworkbench.Lab;
import org.ganworkbench.viz.Notebook;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The lab's Java kernel: JJava's protocol layer ({@link BaseKernel}: channels, messages, comms)
 * with cells run by {@link JavaCells} (JShell, in this JVM) on the {@link Worker} thread.
 *
 * <ul>
 *   <li><b>execute</b>: leading {@code %} lines are {@link Magics}; the rest is Java. Output printed
 *       by any thread while the cell runs is the cell's ({@link CellOutput}); the value of a last
 *       expression is the result, rendered by {@link Rendering} with {@code text/plain} always.
 *       After an error with {@code stop_on_error}, execute requests sent before the error's reply
 *       (a "Run All" queue) are answered "aborted" without running, as IPython does.
 *   <li><b>interrupt</b> ({@code interrupt_mode: message}): interrupts the cell's thread; see
 *       {@link Worker} for what follows when the cell ignores it. The kernel and the cell's
 *       variables live on.
 *   <li><b>display</b>: {@link Display#display} / {@link Display#updateDisplay} in cells, and the
 *       lib's {@link Notebook} bridge, which this kernel attaches to at start.
 *   <li>is_complete, complete, inspect, history (this session), kernel_info, shutdown/restart.
 * </ul>
 */
public final class GanKernel extends BaseKernel implements Notebook.Frontend {

    /**
     * The imports every session starts with (besides JShell's usual java.util.* and co): display and
     * updateDisplay, and the workbench's packages ({@link Lab#PACKAGES}).
     */
    static final List<String> STARTUP = java.util.stream.Stream.concat(
            java.util.stream.Stream.of("import static " + Display.class.getName() + ".*;"),
            Lab.PACKAGES.stream().map(p -> "import " + p + ".*;")).toList();

    private static volatile GanKernel running;

    private final Worker worker;
    private final Publisher publisher;
    private final CellOutput output;
    private final History history;
    private volatile CompletableFuture<JavaCells> cells;
    private volatile ShellReplyEnvironment cellEnv;
    private volatile ShellReplyEnvironment lastEnv;
    private volatile Instant abortBefore;

    GanKernel(Worker worker, Publisher publisher, CellOutput output) {
        this(worker, publisher, output, new History());
    }

    private GanKernel(Worker worker, Publisher publisher, CellOutput output, History history) {
        super("gan-workbench-kernel", Lab.version(), language(), helpLinks(), history,
                new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(), null, new MagicsRegistry(),
                false, new StringStyler.Builder().build());
        this.worker = worker;
        this.publisher = publisher;
        this.output = output;
        this.history = history;
        Rendering.registerAll(renderer);
    }

    private static LanguageInfo language() {
        return new LanguageInfo("java", Runtime.version().toString(), "text/x-java-source", ".jshell", "java", "java", "script");
    }

    private static List<HelpLink> helpLinks() {
        return List.of(new HelpLink("Java " + Runtime.version().feature() + " API",
                "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/docs/api/"));
    }

    /** The kernel the running cells belong to. */
    static GanKernel running() {
        GanKernel k = running;
        if (k == null) {
            throw new IllegalStateException("display(...) works in a cell of the gan-java kernel only");
        }
        return k;
    }

    /** Starts JShell on the worker (cells queue behind it) and attaches the lib's display bridge. */
    @Override
    public void onStartup() {
        super.onStartup();
        running = this;
        Notebook.attach(this);
        cells = worker.submit(() -> new JavaCells(worker, JavaCells.jvmClasspath(), STARTUP));
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        interrupt();
        Notebook.detach(this);
        running = null;
        super.onShutdown(isRestarting);
        // the process ends when the connection closes (KernelMain); should a cell hold the shell
        // thread beyond that, end it anyway once the shutdown reply is out
        Thread halt = new Thread(() -> {
            try {
                TimeUnit.SECONDS.sleep(5);
            } catch (InterruptedException ignored) {
                // halt now
            }
            Runtime.getRuntime().halt(0);
        }, "kernel-halt");
        halt.setDaemon(true);
        halt.start();
    }

    /** Interrupts the running cell; JShell's start-up (which cells wait for) is never interrupted. */
    @Override
    public void interrupt() {
        if (cells != null && cells.isDone()) {
            worker.interrupt();
        }
    }

    // the handlers below differ from BaseKernel's only in that their replies carry "status"

    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setBusyDeferIdle();
        env.reply(new Replies.KernelInfo(Header.PROTOCOL_VERISON, name, version, getLanguageInfo(), getBanner(),
                getHelpLinks()));
    }

    @Override
    protected void handleInterruptRequest(ShellReplyEnvironment env, Message<InterruptRequest> message) {
        env.setBusyDeferIdle();
        env.defer().reply(new Replies.Interrupt());
        interrupt();
    }

    @Override
    protected void handleShutdownRequest(ShellReplyEnvironment env, Message<ShutdownRequest> message) {
        boolean restart = message.getContent().isRestart();
        env.setBusyDeferIdle();
        env.defer().reply(new Replies.Shutdown(restart));
        onShutdown(restart);
        env.resolveDeferrals();   // the reply goes out before the connection closes
        env.markForShutdown();
    }

    @Override
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        HistoryRequest request = message.getContent();
        env.setBusyDeferIdle();
        Set<HistoryManager.ResultFlag> flags = EnumSet.noneOf(HistoryManager.ResultFlag.class);
        if (request.includeOutput()) {
            flags.add(HistoryManager.ResultFlag.INCLUDE_OUTPUT);
        }
        List<HistoryEntry> entries = switch (request.getAccessType()) {
            case TAIL -> history.lookupTail(((HistoryRequest.Tail) request).getMaxReturnLength(), flags);
            case RANGE -> {
                HistoryRequest.Range r = (HistoryRequest.Range) request;
                yield history.lookupRange(r.getSessionIndex(), r.getStart(), r.getStop(), flags);
            }
            case SEARCH -> {
                HistoryRequest.Search r = (HistoryRequest.Search) request;
                if (r.filterUnique()) {
                    flags.add(HistoryManager.ResultFlag.UNIQUE);
                }
                yield history.search(r.getPattern(), r.getMaxReturnLength(), flags);
            }
        };
        env.reply(new Replies.History(entries));
    }

    // ------------------------------------------------------------------------------ execute

    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        String code = request.getCode();
        boolean silent = request.isSilent();
        boolean store = request.shouldStoreHistory() && !silent;
        env.setBusyDeferIdle();
        Instant abort = abortBefore;
        Instant sent = sentAt(message);
        if (abort != null && sent != null && sent.isBefore(abort)) {
            env.defer().reply(new Replies.Aborted(Math.max(0, executionCount.get() - 1)));   // not run, not counted
            return;
        }
        int count = store ? executionCount.getAndIncrement() : Math.max(0, executionCount.get() - 1);
        abortBefore = null;
        if (!silent) {
            env.publish(new PublishExecuteInput(code, count));
        }
        CellResult result;
        cellEnv = env;
        lastEnv = env;
        output.attach(env);
        try {
            result = runCell(code, count);
        } finally {
            output.detach();
            cellEnv = null;
            publisher.drain();   // the cell's outputs before its result and reply
        }
        if (result.ok()) {
            String text = "";
            if (result.hasValue() && !silent) {
                DisplayData data = render(result.value());
                env.publish(new PublishExecuteResult(count, data));
                Object plain = data.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN);
                text = plain == null ? "" : plain.toString();
            }
            if (store) {
                history.add(count, code, text);
            }
            env.defer().reply(new ExecuteReply(count, Map.of()));
        } else {
            CellError e = result.error();
            if (store) {
                history.add(count, code, e.name() + ": " + e.message());
            }
            env.publish(new PublishError(e.name(), e.message(), e.traceback()));
            ErrorReply reply = new ErrorReply(e.name(), e.message(), e.traceback());
            reply.setExecutionCount(count);
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
            if (request.shouldStopOnError()) {
                abortBefore = Instant.now();
            }
        }
    }

    /** When the client sent the message (its header's date), or null if it cannot be read. */
    private static Instant sentAt(Message<?> message) {
        try {
            return OffsetDateTime.parse(message.getHeader().getTimestamp().getDateString()).toInstant();   // "Z" or an offset
        } catch (RuntimeException e) {
            return null;
        }
    }


    private CellResult runCell(String code, int count) {
        Worker.Outcome<CellResult> o = worker.call(() -> {
            JavaCells c = cells.getNow(null);
            if (c == null) {   // cannot happen: start-up ran first on this thread; failed start-up is an exception
                throw new IllegalStateException("JShell is not ready");
            }
            Magics.Split split = Magics.split(code);
            for (String line : split.magics()) {
                try {
                    System.out.println(Magics.run(line, c::addToClasspath));
                } catch (IllegalArgumentException e) {
                    return CellResult.failed(new CellError("MagicError", e.getMessage(), List.of("MagicError: " + e.getMessage())));
                }
            }
            return c.run(split.code(), count);
        });
        if (o.error() == null) {
            return o.value();
        }
        Throwable t = o.error();
        if (cells.isCompletedExceptionally() || t instanceof java.util.concurrent.CompletionException) {
            Throwable why = cells.handle((x, e) -> e).join();
            String msg = "the kernel could not start JShell: " + (why == null ? t : why);
            return CellResult.failed(new CellError("KernelStartupError", msg, List.of(msg)));
        }
        if (o.ending() != Worker.Ending.NORMAL) {
            String msg = t.getMessage() == null ? t.toString() : t.getMessage();
            return CellResult.failed(new CellError(CellError.INTERRUPTED, msg, List.of(CellError.INTERRUPTED + ": " + msg)));
        }
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        List<String> lines = new ArrayList<>(List.of("the kernel failed running the cell (a bug of the kernel, not of the cell):"));
        lines.addAll(List.of(trace.toString().split("\n")));
        return CellResult.failed(new CellError("KernelError", String.valueOf(t), lines));
    }

    private DisplayData render(Object value) {
        if (value instanceof DisplayData d) {
            return d;
        }
        return value == null ? new DisplayData("null") : renderer.render(value);
    }

    // ------------------------------------------------------------------------------ display

    @Override
    public String display(Object value) {
        DisplayData data = new DisplayData(render(value));
        String id = UUID.randomUUID().toString();
        data.setDisplayId(id);
        ShellReplyEnvironment env = cellEnv;
        if (env != null) {
            publisher.send(() -> env.publish(new PublishDisplayData(data)));
        }
        return id;
    }

    @Override
    public void update(String id, Object value) {
        DisplayData data = new DisplayData(render(value));
        data.setDisplayId(id);
        ShellReplyEnvironment env = cellEnv != null ? cellEnv : lastEnv;   // a display lives on after its cell
        if (env != null) {
            publisher.send(() -> env.publish(new PublishUpdateDisplayData(data)));
        }
    }

    // ------------------------------------------------------------------------------ editing services

    private <T> T onWorker(java.util.concurrent.Callable<T> work) {
        Worker.Outcome<T> o = worker.call(work);
        if (o.error() != null) {
            throw new IllegalStateException(o.error().getMessage(), o.error());
        }
        return o.value();
    }

    @Override
    public Object evalRaw(String source) {
        CellResult r = onWorker(() -> cells.join().run(source, 0));
        if (!r.ok()) {
            throw new IllegalStateException(r.error().name() + ": " + r.error().message());
        }
        return r.value();
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        String text = onWorker(() -> cells.join().inspect(code, at));
        return text.isEmpty() ? null : new DisplayData(text);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        JavaCells.Completion c = onWorker(() -> cells.join().complete(code, at));
        return new ReplacementOptions(c.matches(), c.from(), c.to());
    }

    @Override
    public String isComplete(String code) {
        String[] r = onWorker(() -> cells.join().isComplete(code));
        return switch (r[0]) {
            case "complete" -> IS_COMPLETE_YES;
            case "invalid" -> IS_COMPLETE_BAD;
            default -> r[1];
        };
    }

    @Override
    public List<String> formatError(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return List.of(w.toString().split("\n"));
    }
}
