package io.ultrareliability.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class OrderedOutboxTest {
    @Test
    void framesLeaveInQueueOrder() {
        List<String> sent = new ArrayList<>();
        OrderedOutbox<String> box = new OrderedOutbox<>(sent::add);
        box.enqueue("a");
        box.enqueue("b");
        assertThat(sent).isEmpty();
        box.flush();
        box.enqueue("c");
        box.flush();
        assertThat(sent).containsExactly("a", "b", "c");
        assertThat(box.size()).isZero();
    }

    @Test
    void manyThreadsFlushingLoseNothingAndKeepEachThreadsOrder() throws Exception {
        List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        OrderedOutbox<String> box = new OrderedOutbox<>(sent::add);
        int threads = 4;
        int each = 2000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            all.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    box.enqueue(id + ":" + i);
                    box.flush();
                }
            }));
        }
        start.countDown();
        for (Thread t : all) {
            t.join();
        }
        assertThat(sent).hasSize(threads * each);
        for (int t = 0; t < threads; t++) {
            String prefix = t + ":";
            List<Integer> mine = sent.stream().filter(s -> s.startsWith(prefix))
                    .map(s -> Integer.parseInt(s.substring(prefix.length()))).toList();
            assertThat(mine).isSorted();
        }
    }
}
