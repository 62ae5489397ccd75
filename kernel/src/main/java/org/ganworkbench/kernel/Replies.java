package org.ganworkbench.kernel;

import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.reply.HistoryReply;
import org.dflib.jjava.jupyter.messages.reply.InterruptReply;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.reply.ShutdownReply;

import java.util.ArrayList;
import java.util.List;

/**
 * Replies as messaging protocol 5.3 has them: every reply carries {@code status}. JJava 1.0-a6's
 * kernel_info, history, interrupt and shutdown replies lack it (the official conformance suite,
 * jupyter_kernel_test, rejects them); these add it. Also execute_reply's "aborted" form.
 */
final class Replies {

    private Replies() {}

    static final class KernelInfo extends KernelInfoReply {
        @SuppressWarnings("unused")
        private final String status = "ok";

        KernelInfo(String protocolVersion, String implementation, String version, LanguageInfo language, String banner,
                   List<HelpLink> helpLinks) {
            super(protocolVersion, implementation, version, language, banner, helpLinks);
        }
    }

    /**
     * history_reply. Entries are the protocol's tuples, (session, line, input) or (session, line,
     * [input, output]); JJava's own reply would write them as JSON objects (its tuple adapter is
     * not registered for sending).
     */
    static final class History implements ContentType<History> {
        @SuppressWarnings("unused")
        private final String status = "ok";
        @SuppressWarnings("unused")
        private final List<List<Object>> history = new ArrayList<>();

        History(List<HistoryEntry> entries) {
            for (HistoryEntry e : entries) {
                history.add(List.of(e.getSession(), e.getCellNumber(),
                        e.hasOutput() ? List.of(e.getInput(), e.getOutput()) : e.getInput()));
            }
        }

        @Override
        public MessageType<History> getType() {
            return cast(HistoryReply.MESSAGE_TYPE);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> MessageType<T> cast(MessageType<?> type) {
        return (MessageType) type;
    }

    static final class Interrupt extends InterruptReply {
        @SuppressWarnings("unused")
        private final String status = "ok";
    }

    static final class Shutdown implements ContentType<Shutdown> {
        @SuppressWarnings("unused")
        private final String status = "ok";
        @SuppressWarnings("unused")
        private final boolean restart;

        Shutdown(boolean restart) {
            this.restart = restart;
        }

        @Override
        public MessageType<Shutdown> getType() {
            return cast(ShutdownReply.MESSAGE_TYPE);
        }
    }

    /** An execute_reply with status "aborted": a queued request not run after an earlier error. */
    static final class Aborted implements ContentType<Aborted> {
        @SuppressWarnings("unused")
        private final String status = "aborted";
        @SuppressWarnings("unused")
        private final int execution_count;

        Aborted(int count) {
            this.execution_count = count;
        }

        @Override
        public MessageType<Aborted> getType() {
            return cast(MessageType.EXECUTE_REPLY);
        }
    }
}
