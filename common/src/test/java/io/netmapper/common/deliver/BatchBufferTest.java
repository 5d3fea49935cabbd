package io.netmapper.common.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchBufferTest {

  private static BatchBuffer.Entry<String> entry(long seq, int bytes) {
    return new BatchBuffer.Entry<>(seq, "b" + seq, bytes);
  }

  @Test
  void add_whenCountFull_evictsOldestFirst() {
    BatchBuffer<String> buffer = new BatchBuffer<>(2, 1000);
    assertThat(buffer.add(entry(1, 10))).isEmpty();
    assertThat(buffer.add(entry(2, 10))).isEmpty();
    assertThat(buffer.add(entry(3, 10))).extracting(e -> e.sequence).containsExactly(1L);
    assertThat(buffer.peek().sequence).isEqualTo(2);
    assertThat(buffer.size()).isEqualTo(2);
    assertThat(buffer.bytes()).isEqualTo(20);
  }

  @Test
  void add_whenBytesFull_evictsAsManyAsNeeded() {
    BatchBuffer<String> buffer = new BatchBuffer<>(100, 100);
    buffer.add(entry(1, 40));
    buffer.add(entry(2, 40));
    assertThat(buffer.add(entry(3, 90))).extracting(e -> e.sequence).containsExactly(1L, 2L);
    assertThat(buffer.bytes()).isEqualTo(90);
  }

  @Test
  void add_batchLargerThanBuffer_isRefusedAndKeepsOthers() {
    BatchBuffer<String> buffer = new BatchBuffer<>(10, 100);
    buffer.add(entry(1, 40));
    BatchBuffer.Entry<String> huge = entry(2, 101);
    assertThat(buffer.add(huge)).containsExactly(huge);
    assertThat(buffer.size()).isEqualTo(1);
    assertThat(buffer.bytes()).isEqualTo(40);
  }

  @Test
  void remove_ofEvictedEntry_isNoOp() {
    BatchBuffer<String> buffer = new BatchBuffer<>(1, 100);
    BatchBuffer.Entry<String> first = entry(1, 10);
    buffer.add(first);
    buffer.add(entry(2, 10));
    assertThat(buffer.remove(first)).isFalse();
    assertThat(buffer.bytes()).isEqualTo(10);
  }
}
