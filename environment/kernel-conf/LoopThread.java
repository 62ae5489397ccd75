/*
 * A fixed copy of org.rapaio.jupyter.kernel.channels.LoopThread from rapaio-jupyter-kernel 3.0.1
 * (MIT licence, copyright 2023 Aurelian Tutuianu; https://github.com/padreati/rapaio-jupyter-kernel).
 *
 * environment/setup.sh compiles it into environment/kernel/patch/, which the gan-java kernelspec puts
 * ahead of the kernel jar on the classpath, so this class replaces the jar's.
 *
 * The bug: the original start() calls super.start() and only then sets running = true. A loop thread
 * scheduled at once sees running == false and ends, silently. When that thread is the shell or control
 * loop, the kernel never answers kernel_info ("Kernel didn't respond in 60 seconds"; several times in
 * ~40 starts on the 2-core machine under load); when it is the heartbeat loop, Jupyter may think the
 * kernel died. Here the flag is set before the thread starts. Same API, same behaviour otherwise.
 */
package org.rapaio.jupyter.kernel.channels;

/**
 * Thread which runs in loop the loop body after each waiting period.
 */
public final class LoopThread extends Thread {

    private volatile boolean running = false;
    private final long sleep;
    private final Runnable loopBody;

    public LoopThread(String name, long sleep, Runnable loopBody) {
        super(name);
        this.sleep = sleep;
        this.loopBody = loopBody;
    }

    @Override
    public void run() {
        while (running) {
            loopBody.run();
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                running = false;
                return;
            }
        }
    }

    @Override
    public synchronized void start() {
        running = true;   // before the thread can run: the fix
        super.start();
    }

    public void shutdown() {
        running = false;
    }
}
