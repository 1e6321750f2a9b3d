package io.ultrareliability.supervisor.process;

import java.io.InputStream;
import java.util.concurrent.CountDownLatch;

/**
 * The child's stdin source: never yields a byte and blocks until closed, so Commons Exec
 * keeps the pipe to the child open for as long as we supervise it. The bot in
 * {@code --supervised} mode exits on stdin EOF, i.e. when the supervisor dies.
 */
final class HoldOpenInputStream extends InputStream {
    private final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public int read() {
        awaitClose();
        return -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        awaitClose();
        return -1;
    }

    @Override
    public int available() {
        return 0;
    }

    private void awaitClose() {
        boolean interrupted = false;
        while (true) {
            try {
                closed.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.countDown();
    }
}
