package io.netmapper.sniffer.hostnet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * NETLINK_SOCK_DIAG messages for one socket: the {@code inet_diag_req_v2} exact 4-tuple request and
 * the decoding of its answer ({@code inet_diag_msg} + attributes, or {@code NLMSG_ERROR}). Pure
 * byte work so it is tested without a kernel; decoding never throws, whatever the bytes.
 */
final class SockDiagCodec {
  static final int AF_INET = 2;
  static final int AF_INET6 = 10;
  static final int TCP = 6;
  static final int UDP = 17;

  static final int NLMSG_HDRLEN = 16;
  static final int REQUEST_LEN = NLMSG_HDRLEN + 56;
  private static final int NLMSG_ERROR = 2;
  private static final int NLMSG_DONE = 3;
  private static final int SOCK_DIAG_BY_FAMILY = 20;
  private static final short NLM_F_REQUEST = 1;

  /** inet_diag_msg: 4 bytes + sockid (48) + expires, rqueue, wqueue, uid, inode. */
  private static final int DIAG_MSG_LEN = 72;

  private static final int INET_DIAG_CGROUP_ID = 21;
  private static final int ALL_STATES = 0xffffffff;
  private static final int NO_COOKIE = 0xffffffff;

  /** What an answer said. */
  enum Status {
    FOUND,
    NOT_FOUND,
    ERROR,
    MALFORMED
  }

  /**
   * A decoded answer.
   *
   * @param cgroupId the socket's cgroup v2 id, 0 when the kernel did not send one
   * @param inode the socket's inode, 0 for sockets without a file (TIME_WAIT, orphans)
   * @param errno the kernel's error for {@link Status#ERROR}
   * @param reason why an answer is {@link Status#MALFORMED}
   */
  record Answer(Status status, int state, long cgroupId, long inode, int errno, String reason) {
    static Answer malformed(String reason) {
      return new Answer(Status.MALFORMED, 0, 0, 0, 0, reason);
    }
  }

  private SockDiagCodec() {}

  /**
   * Writes the request for the socket whose local end is {@code local:localPort} and remote end
   * {@code remote:remotePort} into {@code out} (at least {@link #REQUEST_LEN} bytes). Addresses are
   * 4 or 16 bytes; the family follows the local address.
   */
  static int encode(
      byte[] out,
      int seq,
      int protocol,
      byte[] local,
      int localPort,
      byte[] remote,
      int remotePort) {
    if (local.length != remote.length || (local.length != 4 && local.length != 16)) {
      throw new IllegalArgumentException("addresses of 4 or 16 bytes and the same family expected");
    }
    ByteBuffer b = ByteBuffer.wrap(out, 0, REQUEST_LEN).order(ByteOrder.nativeOrder());
    b.putInt(REQUEST_LEN)
        .putShort((short) SOCK_DIAG_BY_FAMILY)
        .putShort(NLM_F_REQUEST)
        .putInt(seq)
        .putInt(0);
    b.put((byte) (local.length == 4 ? AF_INET : AF_INET6))
        .put((byte) protocol)
        .put((byte) 0)
        .put((byte) 0);
    b.putInt(ALL_STATES);
    // inet_diag_sockid: ports and addresses in network order; for UDP the kernel reads src as the
    // packet's source (the remote end) "for historical reasons", TCP reads src as the local end
    boolean swap = protocol == UDP;
    putPort(b, swap ? remotePort : localPort);
    putPort(b, swap ? localPort : remotePort);
    putAddress(b, swap ? remote : local);
    putAddress(b, swap ? local : remote);
    b.putInt(0); // any interface
    b.putInt(NO_COOKIE).putInt(NO_COOKIE);
    return REQUEST_LEN;
  }

  private static void putPort(ByteBuffer b, int port) {
    b.put((byte) (port >> 8)).put((byte) port);
  }

  private static void putAddress(ByteBuffer b, byte[] a) {
    b.put(a);
    for (int i = a.length; i < 16; i++) {
      b.put((byte) 0);
    }
  }

  /** Bytes of a dump request: the v2 request and one bytecode attribute of two ops. */
  static final int DUMP_REQUEST_LEN = REQUEST_LEN + 4 + 8;

  private static final short NLM_F_DUMP = 0x300;
  private static final int INET_DIAG_REQ_BYTECODE = 1;
  private static final int INET_DIAG_BC_S_EQ = 11;

  /**
   * Writes a dump request for the {@code family} sockets of {@code protocol} in {@code states}
   * whose local port is {@code localPort}; the kernel filters with the bytecode, so only those come
   * back. Used when the exact lookup cannot match: a connection whose destination was rewritten
   * (ClusterIP DNAT) after the socket chose it.
   */
  static int encodeDump(byte[] out, int seq, int family, int protocol, int states, int localPort) {
    ByteBuffer b = ByteBuffer.wrap(out, 0, DUMP_REQUEST_LEN).order(ByteOrder.nativeOrder());
    b.putInt(DUMP_REQUEST_LEN)
        .putShort((short) SOCK_DIAG_BY_FAMILY)
        .putShort((short) (NLM_F_REQUEST | NLM_F_DUMP))
        .putInt(seq)
        .putInt(0);
    b.put((byte) family).put((byte) protocol).put((byte) 0).put((byte) 0);
    b.putInt(states);
    for (int i = 0; i < 40; i++) {
      b.put((byte) 0); // sockid: ports, addresses, interface
    }
    b.putInt(NO_COOKIE).putInt(NO_COOKIE);
    b.putShort((short) 12).putShort((short) INET_DIAG_REQ_BYTECODE);
    // op 1: local port == op 2's value ? go on 8 bytes (the end: accept) : jump 12 (past the end:
    // reject)
    b.put((byte) INET_DIAG_BC_S_EQ).put((byte) 8).putShort((short) 12);
    b.put((byte) 0).put((byte) 0).putShort((short) localPort);
    return DUMP_REQUEST_LEN;
  }

  /**
   * What one received buffer of a dump held: the first socket bound to the wanted local address,
   * and whether the dump ended.
   */
  record DumpPart(Answer match, boolean done, String malformed) {}

  /**
   * Walks the messages of one received dump buffer. {@code local} is the wanted local address (4
   * bytes also match an IPv4-mapped IPv6 socket); a wildcard-bound socket matches too.
   */
  static DumpPart decodeDump(byte[] in, int len, int seq, byte[] local) {
    len = Math.min(len, in.length);
    Answer match = null;
    int pos = 0;
    while (pos + NLMSG_HDRLEN <= len) {
      ByteBuffer b = ByteBuffer.wrap(in, 0, len).order(ByteOrder.nativeOrder());
      int msgLen = b.getInt(pos);
      int type = b.getShort(pos + 4) & 0xffff;
      if (msgLen < NLMSG_HDRLEN || pos + msgLen > len) {
        return new DumpPart(match, false, "truncated");
      }
      if (b.getInt(pos + 8) != seq) {
        return new DumpPart(match, false, "wrong_sequence");
      }
      if (type == NLMSG_DONE) {
        return new DumpPart(match, true, "");
      }
      if (type == NLMSG_ERROR) {
        return new DumpPart(match, true, "");
      }
      if (type == SOCK_DIAG_BY_FAMILY
          && match == null
          && msgLen >= NLMSG_HDRLEN + DIAG_MSG_LEN
          && localMatches(in, pos + NLMSG_HDRLEN, local)) {
        Answer a = decode(java.util.Arrays.copyOfRange(in, pos, pos + msgLen), msgLen, seq);
        if (a.status() == Status.FOUND) {
          match = a;
        }
      }
      pos += (msgLen + 3) & ~3;
    }
    return new DumpPart(match, false, pos == len ? "" : "truncated");
  }

  private static boolean localMatches(byte[] in, int msg, byte[] local) {
    int family = in[msg] & 0xff;
    int src = msg + 8; // inet_diag_msg: family, state, timer, retrans, sport, dport, src[16]
    if (family == AF_INET) {
      return local.length == 4 && (equal(in, src, local, 4) || isZero(in, src, 4));
    }
    if (isZero(in, src, 16)) {
      return true;
    }
    if (local.length == 16) {
      return equal(in, src, local, 16);
    }
    // IPv4-mapped ::ffff:a.b.c.d of a dual-stack socket
    return isZero(in, src, 10)
        && in[src + 10] == (byte) 0xff
        && in[src + 11] == (byte) 0xff
        && equal(in, src + 12, local, 4);
  }

  private static boolean equal(byte[] in, int off, byte[] a, int n) {
    for (int i = 0; i < n; i++) {
      if (in[off + i] != a[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isZero(byte[] in, int off, int n) {
    for (int i = 0; i < n; i++) {
      if (in[off + i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** Decodes the first message of {@code len} received bytes that answers {@code seq}. */
  static Answer decode(byte[] in, int len, int seq) {
    len = Math.min(len, in.length);
    if (len < NLMSG_HDRLEN) {
      return Answer.malformed("truncated");
    }
    ByteBuffer b = ByteBuffer.wrap(in, 0, len).order(ByteOrder.nativeOrder());
    int msgLen = b.getInt(0);
    int type = b.getShort(4) & 0xffff;
    int msgSeq = b.getInt(8);
    if (msgLen < NLMSG_HDRLEN || msgLen > len) {
      return Answer.malformed("truncated");
    }
    if (msgSeq != seq) {
      return Answer.malformed("wrong_sequence");
    }
    if (type == NLMSG_ERROR) {
      if (msgLen < NLMSG_HDRLEN + 4) {
        return Answer.malformed("truncated");
      }
      int errno = -b.getInt(NLMSG_HDRLEN);
      // ENOENT: no such socket (closed, or a tuple the kernel's exact lookup cannot match)
      return errno == 2
          ? new Answer(Status.NOT_FOUND, 0, 0, 0, errno, "")
          : new Answer(Status.ERROR, 0, 0, 0, errno, "");
    }
    if (type == NLMSG_DONE) {
      return new Answer(Status.NOT_FOUND, 0, 0, 0, 0, "");
    }
    if (type != SOCK_DIAG_BY_FAMILY) {
      return Answer.malformed("unexpected_type");
    }
    if (msgLen < NLMSG_HDRLEN + DIAG_MSG_LEN) {
      return Answer.malformed("truncated");
    }
    int state = in[NLMSG_HDRLEN + 1] & 0xff;
    long inode = b.getInt(NLMSG_HDRLEN + 68) & 0xffffffffL;
    long cgroupId = 0;
    int pos = NLMSG_HDRLEN + DIAG_MSG_LEN;
    while (pos + 4 <= msgLen) {
      int attrLen = b.getShort(pos) & 0xffff;
      int attrType = b.getShort(pos + 2) & 0x3fff; // without NLA_F_NESTED / NLA_F_NET_BYTEORDER
      if (attrLen < 4 || pos + attrLen > msgLen) {
        return Answer.malformed("bad_attribute");
      }
      if (attrType == INET_DIAG_CGROUP_ID) {
        if (attrLen < 12) {
          return Answer.malformed("bad_attribute");
        }
        cgroupId = b.getLong(pos + 4);
      }
      pos += (attrLen + 3) & ~3;
    }
    return new Answer(Status.FOUND, state, cgroupId, inode, 0, "");
  }
}
