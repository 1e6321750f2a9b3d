package io.ultrareliability.supervisor.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    private final List<String> lines = new ArrayList<>();
    private final LineSplitter splitter = new LineSplitter(16, lines::add);

    private void write(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        splitter.write(b, 0, b.length);
    }

    @Test
    void splitsOnNewlinesAndDropsCarriageReturns() {
        write("one\ntwo\r\nthr");
        write("ee\n");
        assertThat(lines).containsExactly("one", "two", "three");
    }

    @Test
    void aLineLongerThanTheLimitComesInMarkedPieces() {
        write("abcdefghijklmnopqrstuvwxyz\n");
        assertThat(lines).containsExactly("abcdefghijklmnop" + LineSplitter.SPLIT_MARKER, "qrstuvwxyz");
    }

    @Test
    void aLineOfExactlyTheLimitIsSplitOnlyWhenMoreFollows() {
        write("0123456789abcdef");
        assertThat(lines).containsExactly("0123456789abcdef" + LineSplitter.SPLIT_MARKER);
        write("\n");
        assertThat(lines).containsExactly("0123456789abcdef" + LineSplitter.SPLIT_MARKER, "");
    }

    @Test
    void neverCutsAUtf8Sequence() {
        // 15 ASCII bytes, then a 3-byte character: the piece ends before it.
        write("aaaaaaaaaaaaaaa\u20ac\n");
        assertThat(lines).containsExactly("aaaaaaaaaaaaaaa" + LineSplitter.SPLIT_MARKER, "\u20ac");
    }

    @Test
    void byteAtATimeWritesGiveTheSameLines() {
        for (byte b : "abcdefghijklmnopqrstuvwxyz\nx\n".getBytes(StandardCharsets.UTF_8)) {
            splitter.write(b);
        }
        assertThat(lines).containsExactly("abcdefghijklmnop" + LineSplitter.SPLIT_MARKER, "qrstuvwxyz", "x");
    }

    @Test
    void flushHandsOnALastLineWithoutNewline() {
        write("tail");
        assertThat(lines).isEmpty();
        splitter.flush();
        assertThat(lines).containsExactly("tail");
        splitter.close();
        assertThat(lines).containsExactly("tail");
    }

    @Test
    void sixtyMegabytesWithoutNewlineUseOnlyTheBuffer() {
        LineSplitter big = new LineSplitter(LineSplitter.DEFAULT_MAX_LINE, line -> lines.add(line.length() + ""));
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        for (int i = 0; i < 60 * 16; i++) {
            big.write(chunk, 0, chunk.length);
        }
        assertThat(lines).hasSize(60 * 16 * 4)
                .allMatch(s -> s.equals(String.valueOf(LineSplitter.DEFAULT_MAX_LINE + LineSplitter.SPLIT_MARKER.length())));
    }
}
