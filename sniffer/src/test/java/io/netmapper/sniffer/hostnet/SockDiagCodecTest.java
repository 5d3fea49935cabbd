package io.netmapper.sniffer.hostnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SockDiagCodecTest {
  private static final byte[] NODE = {(byte) 192, 0, 2, 1};
  private static final byte[] SERVER = {(byte) 192, 0, 2, 21};

  @Test
  void tcpRequest_carriesTheLocalEndAsSource() {
    byte[] out = new byte[SockDiagCodec.REQUEST_LEN];
    SockDiagCodec.encode(out, 7, SockDiagCodec.TCP, NODE, 40000, SERVER, 8080);
    ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.nativeOrder());
    assertThat(b.getInt(0)).isEqualTo(72);
    assertThat(b.getShort(4)).isEqualTo((short) 20); // SOCK_DIAG_BY_FAMILY
    assertThat(b.getShort(6)).isEqualTo((short) 1); // NLM_F_REQUEST, no dump
    assertThat(b.getInt(8)).isEqualTo(7);
    assertThat(out[16]).isEqualTo((byte) 2); // AF_INET
    assertThat(out[17]).isEqualTo((byte) 6);
    assertThat(b.getInt(20)).isEqualTo(-1); // every state
    assertThat(((out[24] & 0xff) << 8) | (out[25] & 0xff)).isEqualTo(40000);
    assertThat(((out[26] & 0xff) << 8) | (out[27] & 0xff)).isEqualTo(8080);
    assertThat(java.util.Arrays.copyOfRange(out, 28, 32)).isEqualTo(NODE);
    assertThat(java.util.Arrays.copyOfRange(out, 44, 48)).isEqualTo(SERVER);
    assertThat(b.getInt(64)).isEqualTo(-1); // INET_DIAG_NOCOOKIE
    assertThat(b.getInt(68)).isEqualTo(-1);
  }

  @Test
  void udpRequest_carriesTheRemoteEndAsSource() {
    byte[] out = new byte[SockDiagCodec.REQUEST_LEN];
    SockDiagCodec.encode(out, 1, SockDiagCodec.UDP, NODE, 40000, SERVER, 53);
    assertThat(((out[24] & 0xff) << 8) | (out[25] & 0xff)).isEqualTo(53);
    assertThat(java.util.Arrays.copyOfRange(out, 28, 32)).isEqualTo(SERVER);
    assertThat(java.util.Arrays.copyOfRange(out, 44, 48)).isEqualTo(NODE);
  }

  @Test
  void answer_givesStateInodeAndCgroupId() {
    byte[] in = answer(5, 0x1234_5678_9abcL, true);
    SockDiagCodec.Answer a = SockDiagCodec.decode(in, in.length, 5);
    assertThat(a.status()).isEqualTo(SockDiagCodec.Status.FOUND);
    assertThat(a.state()).isEqualTo(2);
    assertThat(a.inode()).isEqualTo(4242);
    assertThat(a.cgroupId()).isEqualTo(0x1234_5678_9abcL);
  }

  @Test
  void answerWithoutCgroupAttribute_hasIdZero() {
    byte[] in = answer(5, 0, false);
    assertThat(SockDiagCodec.decode(in, in.length, 5).cgroupId()).isZero();
  }

  @Test
  void enoent_isNotFound_otherErrorsAreErrors() {
    assertThat(SockDiagCodec.decode(error(3, -2), 36, 3).status())
        .isEqualTo(SockDiagCodec.Status.NOT_FOUND);
    SockDiagCodec.Answer a = SockDiagCodec.decode(error(3, -13), 36, 3);
    assertThat(a.status()).isEqualTo(SockDiagCodec.Status.ERROR);
    assertThat(a.errno()).isEqualTo(13);
  }

  @Test
  void truncatedAnswer_isMalformedWithReason() {
    byte[] in = answer(5, 99, true);
    for (int len = 0; len < 88; len++) {
      SockDiagCodec.Answer a = SockDiagCodec.decode(in, len, 5);
      assertThat(a.status()).as("length %d", len).isEqualTo(SockDiagCodec.Status.MALFORMED);
      assertThat(a.reason()).isEqualTo("truncated");
    }
  }

  @Test
  void answerToAnotherRequest_isMalformedWrongSequence() {
    byte[] in = answer(4, 99, true);
    assertThat(SockDiagCodec.decode(in, in.length, 5).reason()).isEqualTo("wrong_sequence");
  }

  @Test
  void attributeRunningPastTheMessage_isMalformedBadAttribute() {
    byte[] in = answer(5, 99, true);
    ByteBuffer.wrap(in).order(ByteOrder.nativeOrder()).putShort(88, (short) 200);
    assertThat(SockDiagCodec.decode(in, in.length, 5).reason()).isEqualTo("bad_attribute");
  }

  @Test
  void dumpRequest_filtersOnTheLocalPortWithBytecode() {
    byte[] out = new byte[SockDiagCodec.DUMP_REQUEST_LEN];
    SockDiagCodec.encodeDump(out, 9, SockDiagCodec.AF_INET6, SockDiagCodec.TCP, 6, 40000);
    ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.nativeOrder());
    assertThat(b.getInt(0)).isEqualTo(84);
    assertThat(b.getShort(6)).isEqualTo((short) 0x301); // NLM_F_REQUEST | NLM_F_DUMP
    assertThat(out[16]).isEqualTo((byte) 10);
    assertThat(b.getInt(20)).isEqualTo(6);
    assertThat(b.getShort(72)).isEqualTo((short) 12); // INET_DIAG_REQ_BYTECODE, 8 bytes of ops
    assertThat(b.getShort(74)).isEqualTo((short) 1);
    assertThat(out[76]).isEqualTo((byte) 11); // INET_DIAG_BC_S_EQ
    assertThat(out[77]).isEqualTo((byte) 8);
    assertThat(b.getShort(78)).isEqualTo((short) 12);
    assertThat(b.getShort(82) & 0xffff).isEqualTo(40000);
  }

  @Test
  void dumpPart_takesTheSocketOnTheWantedLocalAddress_andSeesTheEnd() {
    byte[] other = withSource(answer(9, 1, true), new byte[] {10, 0, 0, 1});
    byte[] wanted = withSource(answer(9, 77, true), NODE);
    byte[] done = error(9, 0);
    ByteBuffer.wrap(done).order(ByteOrder.nativeOrder()).putShort(4, (short) 3); // NLMSG_DONE
    byte[] buf = concat(other, wanted, done);
    SockDiagCodec.DumpPart p = SockDiagCodec.decodeDump(buf, buf.length, 9, NODE);
    assertThat(p.match().cgroupId()).isEqualTo(77);
    assertThat(p.done()).isTrue();
    assertThat(p.malformed()).isEmpty();
    SockDiagCodec.DumpPart cut = SockDiagCodec.decodeDump(buf, other.length + 20, 9, NODE);
    assertThat(cut.malformed()).isEqualTo("truncated");
    assertThat(cut.match()).isNull();
  }

  @Test
  void garbage_neverThrows() {
    SplittableRandom random = new SplittableRandom(3);
    byte[] valid = answer(5, 99, true);
    for (int i = 0; i < 20_000; i++) {
      byte[] in = random.nextInt(3) == 0 ? new byte[random.nextInt(200)] : valid.clone();
      for (int flips = random.nextInt(1, 8); flips > 0 && in.length > 0; flips--) {
        in[random.nextInt(in.length)] = (byte) random.nextInt(256);
      }
      if (random.nextBoolean() && in.length > 0) {
        random.nextBytes(in);
      }
      SockDiagCodec.Answer a = SockDiagCodec.decode(in, random.nextInt(in.length + 8), 5);
      assertThat(a).isNotNull();
      assertThat(SockDiagCodec.decodeDump(in, random.nextInt(in.length + 8), 5, NODE)).isNotNull();
    }
  }

  /**
   * A kernel-style answer: nlmsghdr, inet_diag_msg (SYN_SENT, inode 4242), INET_DIAG_PAD +
   * INET_DIAG_CGROUP_ID.
   */
  static byte[] answer(int seq, long cgroupId, boolean withCgroup) {
    int len = 16 + 72 + (withCgroup ? 4 + 12 : 0);
    ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.nativeOrder());
    b.putInt(len).putShort((short) 20).putShort((short) 0).putInt(seq).putInt(1234);
    b.put((byte) 2).put((byte) 2).put((byte) 0).put((byte) 0);
    b.position(16 + 68);
    b.putInt(4242);
    if (withCgroup) {
      b.putShort((short) 4).putShort((short) 14); // INET_DIAG_PAD aligns the u64 that follows
      b.putShort((short) 12).putShort((short) 21).putLong(cgroupId);
    }
    return b.array();
  }

  static byte[] withSource(byte[] msg, byte[] src) {
    System.arraycopy(src, 0, msg, 16 + 8, src.length);
    return msg;
  }

  static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] error(int seq, int errno) {
    ByteBuffer b = ByteBuffer.allocate(36).order(ByteOrder.nativeOrder());
    b.putInt(36).putShort((short) 2).putShort((short) 0).putInt(seq).putInt(0).putInt(errno);
    return b.array();
  }
}
