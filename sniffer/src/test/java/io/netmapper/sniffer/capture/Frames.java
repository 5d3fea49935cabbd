package io.netmapper.sniffer.capture;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Builds frames and DNS messages for decoder tests (checksums are not checked by the decoder). */
final class Frames {
  static final int ETHERNET = 1;
  static final int SLL = 113;

  private Frames() {}

  static byte[] ip(String text) {
    try {
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static Name name(String n) {
    try {
      return Name.fromString(n + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /**
   * A response to {@code qname} with the given answers, e.g. "a.test CNAME b.test", "b.test A
   * 192.0.2.1".
   */
  static byte[] dnsResponse(int id, String qname, int qtype, int rcode, String... answers) {
    Message m = new Message(id);
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setRcode(rcode);
    m.addRecord(Record.newRecord(name(qname), qtype, DClass.IN), Section.QUESTION);
    for (String a : answers) {
      String[] f = a.split(" ");
      Record r =
          switch (f[1]) {
            case "CNAME" -> new CNAMERecord(name(f[0]), DClass.IN, 60, name(f[2]));
            case "A" ->
                new ARecord(
                    name(f[0]), DClass.IN, Long.parseLong(f.length > 3 ? f[3] : "60"), addr(f[2]));
            case "AAAA" -> new AAAARecord(name(f[0]), DClass.IN, 60, addr(f[2]));
            default -> throw new IllegalArgumentException(f[1]);
          };
      m.addRecord(r, Section.ANSWER);
    }
    return m.toWire();
  }

  static byte[] dnsResponse(String qname, String... answers) {
    return dnsResponse(
        0x1234,
        qname,
        answers.length > 0 && answers[answers.length - 1].contains("AAAA") ? Type.AAAA : Type.A,
        Rcode.NOERROR,
        answers);
  }

  private static InetAddress addr(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static byte[] udp(int sport, int dport, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
    b.putShort((short) sport)
        .putShort((short) dport)
        .putShort((short) (8 + payload.length))
        .putShort((short) 0)
        .put(payload);
    return b.array();
  }

  static byte[] tcp(int sport, int dport, long seq, int flags, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
    b.putShort((short) sport)
        .putShort((short) dport)
        .putInt((int) seq)
        .putInt(0)
        .put((byte) 0x50)
        .put((byte) flags)
        .putShort((short) 65535)
        .putShort((short) 0)
        .putShort((short) 0)
        .put(payload);
    return b.array();
  }

  static byte[] ipv4(String src, String dst, int proto, byte[] l4) {
    ByteBuffer b = ByteBuffer.allocate(20 + l4.length);
    b.put((byte) 0x45)
        .put((byte) 0)
        .putShort((short) (20 + l4.length))
        .putShort((short) 1)
        .putShort((short) 0x4000)
        .put((byte) 64)
        .put((byte) proto)
        .putShort((short) 0)
        .put(ip(src))
        .put(ip(dst))
        .put(l4);
    return b.array();
  }

  /**
   * IPv6 with optional extension headers given as (type, 8-byte body) pairs: only hop-by-hop here.
   */
  static byte[] ipv6(String src, String dst, int proto, byte[] l4, boolean hopByHop) {
    int ext = hopByHop ? 8 : 0;
    ByteBuffer b = ByteBuffer.allocate(40 + ext + l4.length);
    b.putInt(0x60000000)
        .putShort((short) (ext + l4.length))
        .put((byte) (hopByHop ? 0 : proto))
        .put((byte) 64)
        .put(ip(src))
        .put(ip(dst));
    if (hopByHop) {
      b.put((byte) proto).put((byte) 0).put(new byte[] {1, 4, 0, 0, 0, 0}); // PadN
    }
    b.put(l4);
    return b.array();
  }

  static byte[] ethernet(byte[] ipPacket) {
    int type = (ipPacket[0] & 0xf0) == 0x60 ? 0x86dd : 0x0800;
    ByteBuffer b = ByteBuffer.allocate(14 + ipPacket.length);
    b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) type).put(ipPacket);
    return b.array();
  }

  static byte[] sll(byte[] ipPacket) {
    int type = (ipPacket[0] & 0xf0) == 0x60 ? 0x86dd : 0x0800;
    ByteBuffer b = ByteBuffer.allocate(16 + ipPacket.length);
    b.putShort((short) 0)
        .putShort((short) 1)
        .putShort((short) 6)
        .put(new byte[] {2, 0, 0, 0, 0, 1, 0, 0})
        .putShort((short) type)
        .put(ipPacket);
    return b.array();
  }

  static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }
}
