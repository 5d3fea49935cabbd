package io.netmapper.sniffer.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TcpCounterFileTest {
  private static final String HEAD =
      "Ip: Forwarding DefaultTTL\nIp: 1 64\n"
          + "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs\n";

  @TempDir Path tmp;

  private static boolean parse(String text, long[] out) {
    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
    return TcpCounterFile.parse(ByteBuffer.wrap(b), b.length, out);
  }

  @Test
  void tcpValuesLine_givesActiveOpensToCurrEstab() {
    long[] out = new long[TcpCounterFile.FIELDS];
    assertThat(
            parse(
                HEAD
                    + "Tcp: 1 200 120000 -1 4467 4017 361 782 3 143824\nUdp: InDatagrams\nUdp: 5\n",
                out))
        .isTrue();
    assertThat(out).containsExactly(4467, 4017, 361, 782, 3);
  }

  @Test
  void missingOrBrokenTcpLine_isNotUsable() {
    long[] out = new long[TcpCounterFile.FIELDS];
    assertThat(parse("Ip: Forwarding\nIp: 1\n", out)).isFalse();
    assertThat(parse(HEAD, out)).isFalse();
    assertThat(parse(HEAD + "Tcp: 1 200 120000 -1 44x7 4017 361 782 3\n", out)).isFalse();
    assertThat(parse(HEAD + "Tcp: 1 200 120000 -1 4467 4017\n", out)).isFalse();
    assertThat(parse(HEAD + "Tcp: 1 200 120000 -1 99999999999999999999 4017 361 782 3\n", out))
        .isFalse();
    assertThat(parse(HEAD + "Tcp: 1 200 120000 -1 4467 4017 361 782 3", out))
        .isTrue(); // no final newline
  }

  @Test
  void heldFile_readsTheCurrentContentEachTime() throws Exception {
    Path snmp = tmp.resolve("snmp");
    Files.writeString(snmp, HEAD + "Tcp: 1 200 120000 -1 1 0 0 0 1 10\n");
    ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
    long[] out = new long[TcpCounterFile.FIELDS];
    try (TcpCounterFile file = TcpCounterFile.open(snmp)) {
      assertThat(file.read(buffer, out)).isTrue();
      assertThat(out[0]).isEqualTo(1);
      Files.writeString(snmp, HEAD + "Tcp: 1 200 120000 -1 12 0 0 0 1 10\n");
      assertThat(file.read(buffer, out)).isTrue();
      assertThat(out[0]).isEqualTo(12);
    }
  }
}
