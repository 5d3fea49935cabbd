package io.netmapper.sniffer.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpDnsReassemblerTest {
  private final List<String> skipped = new ArrayList<>();
  private final List<Integer> messages = new ArrayList<>();

  private static byte[] packet(int clientHost) {
    byte[] p = new byte[8];
    p[0] = (byte) 192;
    p[1] = 0;
    p[2] = 2;
    p[3] = 53;
    p[4] = (byte) 192;
    p[5] = 0;
    p[6] = 2;
    p[7] = (byte) clientHost;
    return p;
  }

  private void segment(TcpDnsReassembler r, int clientPort, long seq, int flags, byte[] payload) {
    byte[] buf = new byte[8 + payload.length];
    System.arraycopy(packet(10), 0, buf, 0, 8);
    System.arraycopy(payload, 0, buf, 8, payload.length);
    r.segment(
        buf,
        0,
        4,
        4,
        53,
        clientPort,
        seq,
        flags,
        8,
        payload.length,
        (b, o, l) -> messages.add(l),
        skipped::add);
  }

  @Test
  void flows_areBounded() {
    TcpDnsReassembler r = new TcpDnsReassembler();
    for (int port = 1; port <= TcpDnsReassembler.MAX_FLOWS + 500; port++) {
      segment(r, port, 100, 0x12, new byte[0]); // SYN-ACK opens a flow
    }
    assertThat(r.flowCount()).isEqualTo(TcpDnsReassembler.MAX_FLOWS);
  }

  @Test
  void gapInTheStream_dropsPendingBytesAndIsCounted() {
    TcpDnsReassembler r = new TcpDnsReassembler();
    segment(r, 5000, 100, 0x12, new byte[0]);
    segment(r, 5000, 101, 0x18, new byte[] {0, 20, 1, 2, 3}); // length 20, 3 bytes so far
    segment(r, 5000, 200, 0x18, new byte[] {9, 9}); // 96 bytes missing
    assertThat(skipped).contains("tcp_dns_gap");
    assertThat(messages).isEmpty();
  }

  @Test
  void finWithAnIncompleteMessage_isCountedAndForgetsTheFlow() {
    TcpDnsReassembler r = new TcpDnsReassembler();
    segment(r, 5001, 100, 0x12, new byte[0]);
    segment(r, 5001, 101, 0x19, new byte[] {0, 20, 1}); // FIN with 1 of 20 bytes
    assertThat(skipped).containsExactly("tcp_dns_incomplete");
    assertThat(r.flowCount()).isZero();
  }

  @Test
  void hugeDeclaredLengths_neverGrowPastTheBound() {
    TcpDnsReassembler r = new TcpDnsReassembler();
    segment(r, 5002, 100, 0x12, new byte[0]);
    long seq = 101;
    byte[] chunk = new byte[1400];
    chunk[0] = (byte) 0xff;
    chunk[1] = (byte) 0xff; // 65,535 bytes announced, then never-ending data
    for (int i = 0; i < 200; i++) {
      segment(r, 5002, seq, 0x18, chunk);
      seq += chunk.length;
    }
    assertThat(messages).allSatisfy(len -> assertThat(len).isLessThanOrEqualTo(65535));
  }
}
