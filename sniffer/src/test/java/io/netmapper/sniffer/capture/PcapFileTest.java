package io.netmapper.sniffer.capture;

import static io.netmapper.sniffer.capture.Frames.dnsResponse;
import static io.netmapper.sniffer.capture.Frames.ethernet;
import static io.netmapper.sniffer.capture.Frames.ipv4;
import static io.netmapper.sniffer.capture.Frames.tcp;
import static io.netmapper.sniffer.capture.Frames.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.sniffer.collect.ConnectionSeen;
import io.netmapper.sniffer.collect.DnsAnswer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real libpcap reading a pcap file through the capture read path (timestamps, lengths, link type).
 */
class PcapFileTest {
  @TempDir Path tmp;

  private static void record(ByteArrayOutputStream out, long seconds, int micros, byte[] frame) {
    ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt((int) seconds).putInt(micros).putInt(frame.length).putInt(frame.length);
    out.writeBytes(h.array());
    out.writeBytes(frame);
  }

  @Test
  void pcapFile_isReadWithCaptureTimestamps() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer g = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    g.putInt(0xa1b2c3d4)
        .putShort((short) 2)
        .putShort((short) 4)
        .putInt(0)
        .putInt(0)
        .putInt(65535)
        .putInt(1);
    out.writeBytes(g.array());
    record(
        out,
        1_764_129_600L,
        250_000,
        ethernet(
            ipv4(
                "192.0.2.53",
                "192.0.2.10",
                17,
                udp(
                    53,
                    40000,
                    dnsResponse("file.example.test", "file.example.test A 192.0.2.99")))));
    record(
        out,
        1_764_129_601L,
        5,
        ethernet(ipv4("192.0.2.10", "192.0.2.20", 6, tcp(40001, 443, 1, 0x02, new byte[0]))));
    record(out, 1_764_129_602L, 0, new byte[] {1, 2, 3}); // a runt frame
    Path file = tmp.resolve("t.pcap");
    Files.write(file, out.toByteArray());

    RecordingObservations obs = new RecordingObservations();
    long packets = PcapSource.readFile(file, obs, obs);

    assertThat(packets).isEqualTo(3);
    assertThat(obs.answers)
        .extracting(DnsAnswer::timeNanos)
        .containsExactly(1_764_129_600_250_000_000L);
    assertThat(obs.answers)
        .extracting(DnsAnswer::ips)
        .containsExactly(java.util.List.of("192.0.2.99"));
    assertThat(obs.connections)
        .extracting(ConnectionSeen::timeNanos)
        .containsExactly(1_764_129_601_000_005_000L);
    assertThat(obs.count("malformed:truncated")).isEqualTo(1);
  }

  @Test
  void missingFile_isACaptureException() {
    RecordingObservations obs = new RecordingObservations();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> PcapSource.readFile(tmp.resolve("none.pcap"), obs, obs))
        .isInstanceOf(CaptureException.class)
        .hasMessageContaining("none.pcap");
  }
}
