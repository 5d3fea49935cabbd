package io.netmapper.sniffer.hostnet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * NETLINK_SOCK_DIAG messages for one socket: the {@code inet_diag_req_v2} exact 4-tuple request
 * and the decoding of its answer ({@code inet_diag_msg} + attributes, or {@code NLMSG_ERROR}).
 * Pure byte work so it is tested without a kernel; decoding never throws, whatever the bytes.
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
  enum Status { FOUND, NOT_FOUND, ERROR, MALFORMED }

  /**
   * A decoded answer.
   *
   * @param cgroupId the socket's cgroup v2 id, 0 when the kernel did not send one
   * @param inode    the socket's inode, 0 for sockets without a file (TIME_WAIT, orphans)
   * @param errno    the kernel's error for {@link Status#ERROR}
   * @param reason   why an answer is {@link Status#MALFORMED}
   */
  record Answer(Status status, int state, long cgroupId, long inode, int errno, String reason) {
    static Answer malformed(String reason) {
      return new Answer(Status.MALFORMED, 0, 0, 0, 0, reason);
    }
  }

  private SockDiagCodec() { }

  /**
   * Writes the request for the socket whose local end is {@code local:localPort} and remote end
   * {@code remote:remotePort} into {@code out} (at least {@link #REQUEST_LEN} bytes). Addresses are
   * 4 or 16 bytes; the family follows the local address.
   */
  static int encode(byte[] out, int seq, int protocol, byte[] local, int localPort, byte[] remote, int remotePort) {
    if (local.length != remote.length || (local.length != 4 && local.length != 16)) {
      throw new IllegalArgumentException("addresses of 4 or 16 bytes and the same family expected");
    }
    ByteBuffer b = ByteBuffer.wrap(out, 0, REQUEST_LEN).order(ByteOrder.nativeOrder());
    b.putInt(REQUEST_LEN).putShort((short) SOCK_DIAG_BY_FAMILY).putShort(NLM_F_REQUEST).putInt(seq).putInt(0);
    b.put((byte) (local.length == 4 ? AF_INET : AF_INET6)).put((byte) protocol).put((byte) 0).put((byte) 0);
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
      return errno == 2 ? new Answer(Status.NOT_FOUND, 0, 0, 0, errno, "")
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
