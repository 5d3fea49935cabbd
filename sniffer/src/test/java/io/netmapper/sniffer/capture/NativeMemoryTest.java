package io.netmapper.sniffer.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {
  @Test
  void readsAndCopies_whatJnaWroteAtTheAddress() {
    assertThat(NativeMemory.AVAILABLE).isTrue();
    Memory m = new Memory(64);
    m.setLong(0, 0x0102030405060708L);
    m.setInt(16, 1514);
    for (int i = 0; i < 40; i++) {
      m.setByte(24 + i, (byte) (i * 7));
    }
    long address = Pointer.nativeValue(m);
    assertThat(NativeMemory.getLong(address)).isEqualTo(0x0102030405060708L);
    assertThat(NativeMemory.getInt(address + 16)).isEqualTo(1514);
    byte[] dst = new byte[48];
    NativeMemory.copy(address + 24, dst, 40);
    for (int i = 0; i < 40; i++) {
      assertThat(dst[i]).isEqualTo((byte) (i * 7));
    }
    assertThat(dst[40]).isZero();
  }
}
