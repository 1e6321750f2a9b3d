package io.ultrareliability.supervisor.process;

import static java.util.Objects.requireNonNull;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts a child's output stream into lines in a fixed buffer: a line longer than
 * {@code maxLine} bytes is handed on in pieces, each but the last ending with
 * {@link #SPLIT_MARKER}. Memory stays {@code maxLine} bytes whatever the child writes (a
 * 60 MB line without a newline once ran the pump thread out of heap with Commons Exec's
 * LogOutputStream, and the child then blocked on its full pipe). One per stream: stdout and
 * stderr each have their own, so their bytes never mix within a line.
 */
public final class LineSplitter extends OutputStream {
    /** Lines longer than this many bytes are split. */
    public static final int DEFAULT_MAX_LINE = 16 * 1024;
    /** Appended to every piece of a split line but its last. */
    public static final String SPLIT_MARKER = " [line split: longer than the limit, continues]";
    private final byte[] buf;
    private final Consumer<String> lines;
    private int len;

    public LineSplitter(int maxLine, Consumer<String> lines) {
        if (maxLine < 16) {
            throw new IllegalArgumentException("maxLine must be >= 16, got " + maxLine);
        }
        this.buf = new byte[maxLine];
        this.lines = requireNonNull(lines, "lines is null");
    }

    @Override
    public synchronized void write(int b) {
        accept((byte) b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int n) {
        java.util.Objects.checkFromIndexSize(off, n, b.length);
        int end = off + n;
        int i = off;
        while (i < end) {
            // Copy up to the next newline or until the buffer is full: one scan per byte.
            int room = buf.length - len;
            int stop = Math.min(end, i + room);
            int nl = -1;
            for (int j = i; j < stop; j++) {
                if (b[j] == '\n') {
                    nl = j;
                    break;
                }
            }
            if (nl >= 0) {
                System.arraycopy(b, i, buf, len, nl - i);
                len += nl - i;
                emitLine();
                i = nl + 1;
            } else {
                System.arraycopy(b, i, buf, len, stop - i);
                len += stop - i;
                i = stop;
                if (len == buf.length) {
                    emitPiece();
                }
            }
        }
    }

    private void accept(byte b) {
        if (b == '\n') {
            emitLine();
            return;
        }
        buf[len++] = b;
        if (len == buf.length) {
            emitPiece();
        }
    }

    private void emitLine() {
        int n = len;
        if (n > 0 && buf[n - 1] == '\r') {
            n--;
        }
        lines.accept(new String(buf, 0, n, StandardCharsets.UTF_8));
        len = 0;
    }

    /** The buffer is full and holds no newline: hand on what ends at a character boundary. */
    private void emitPiece() {
        int cut = len;
        // Do not cut a UTF-8 sequence: back off over continuation bytes (10xxxxxx) to its lead byte.
        int back = 0;
        while (back < 4 && cut - back > 0 && (buf[cut - back - 1] & 0xC0) == 0x80) {
            back++;
        }
        if (back < 4 && cut - back > 0 && (buf[cut - back - 1] & 0xC0) == 0xC0) {
            int lead = buf[cut - back - 1] & 0xFF;
            int need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
            if (back < need) {
                cut = cut - back - 1; // the sequence is incomplete: keep it for the next piece
            }
        }
        if (cut == 0) {
            cut = len;
        }
        lines.accept(new String(buf, 0, cut, StandardCharsets.UTF_8) + SPLIT_MARKER);
        System.arraycopy(buf, cut, buf, 0, len - cut);
        len -= cut;
    }

    /**
     * Hands on a last line without its newline. Commons Exec calls this once, when the child's
     * streams are done (its pumps never flush mid-stream).
     */
    @Override
    public synchronized void flush() {
        if (len > 0) {
            emitLine();
        }
    }

    @Override
    public synchronized void close() {
        if (len > 0) {
            emitLine();
        }
    }
}
