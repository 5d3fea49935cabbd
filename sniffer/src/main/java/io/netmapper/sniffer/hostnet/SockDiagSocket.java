package io.netmapper.sniffer.hostnet;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

/**
 * A NETLINK_SOCK_DIAG socket (libc through JNA direct mapping) asking the kernel for one socket by
 * its 4-tuple. The socket belongs to the network namespace of the thread that opens it, so it is
 * opened on the thread that enters the node's namespace. Needs no capability: exact lookups are
 * allowed to any user. Used by one thread.
 */
final class SockDiagSocket implements AutoCloseable {
  private static final int AF_NETLINK = 16;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int NETLINK_SOCK_DIAG = 4;
  private static final int SOL_SOCKET = 1;
  private static final int SO_RCVTIMEO = 20;
  private static final int EINTR = 4;
  private static final int EAGAIN = 11;

  private static final class Lib {
    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, byte[] address, int length) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, byte[] value, int length)
        throws LastErrorException;

    static native long sendto(int fd, byte[] buf, long len, int flags, byte[] address, int addrLen)
        throws LastErrorException;

    static native long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;

    static native int close(int fd);

    static {
      Native.register("c");
    }
  }

  /** sockaddr_nl of the kernel: family AF_NETLINK, pid 0, no groups. */
  private static final byte[] KERNEL = {AF_NETLINK, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

  private final int fd;
  private final byte[] request = new byte[SockDiagCodec.REQUEST_LEN];

  /**
   * An exact answer is one inet_diag_msg; a filtered dump part holds a few; the kernel sizes dump
   * parts to the reader.
   */
  private final byte[] answer = new byte[32768];

  private int seq;

  /** Opens the socket in the calling thread's network namespace. */
  SockDiagSocket() {
    try {
      fd = Lib.socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    } catch (LastErrorException e) {
      throw new IllegalStateException(
          "cannot open a NETLINK_SOCK_DIAG socket: errno " + e.getErrorCode(), e);
    }
    try {
      Lib.bind(fd, KERNEL.clone(), KERNEL.length); // pid 0: the kernel assigns one
      // an answer to an exact lookup comes at once; the timeout only guards against a lost one
      byte[] timeout = new byte[16];
      timeout[9] = (byte) 0x86;
      timeout[10] = 0x01; // 100,000 µs, little-endian timeval {0 s, 100000 µs}
      Lib.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, timeout.length);
    } catch (LastErrorException e) {
      Lib.close(fd);
      throw new IllegalStateException(
          "cannot set up the NETLINK_SOCK_DIAG socket: errno " + e.getErrorCode(), e);
    }
  }

  /** Asks for one socket; never throws for what the kernel answers. */
  SockDiagCodec.Answer lookup(
      int protocol, byte[] local, int localPort, byte[] remote, int remotePort) {
    int s = ++seq;
    int len = SockDiagCodec.encode(request, s, protocol, local, localPort, remote, remotePort);
    try {
      Lib.sendto(fd, request, len, 0, KERNEL, KERNEL.length);
      for (int tries = 0; tries < 4; tries++) {
        long n;
        try {
          n = Lib.recv(fd, answer, answer.length, 0);
        } catch (LastErrorException e) {
          if (e.getErrorCode() == EINTR) {
            continue;
          }
          throw e;
        }
        SockDiagCodec.Answer a = SockDiagCodec.decode(answer, (int) n, s);
        if (a.status() != SockDiagCodec.Status.MALFORMED || !a.reason().equals("wrong_sequence")) {
          return a; // an answer to an earlier, timed-out request is skipped
        }
      }
      return SockDiagCodec.Answer.malformed("wrong_sequence");
    } catch (LastErrorException e) {
      return new SockDiagCodec.Answer(
          SockDiagCodec.Status.ERROR,
          0,
          0,
          0,
          e.getErrorCode() == EAGAIN ? EAGAIN : e.getErrorCode(),
          "");
    }
  }

  /**
   * Finds a socket by its local end only (a filtered dump of the IPv4 then the IPv6 table), for
   * sockets whose destination differs from the packet's (DNAT). TCP: SYN_SENT and ESTABLISHED only.
   */
  SockDiagCodec.Answer lookupByLocal(int protocol, byte[] local, int localPort) {
    int states = protocol == SockDiagCodec.TCP ? (1 << 1) | (1 << 2) : 0xffffffff;
    int[] families =
        local.length == 4
            ? new int[] {SockDiagCodec.AF_INET, SockDiagCodec.AF_INET6}
            : new int[] {SockDiagCodec.AF_INET6};
    byte[] dump = new byte[SockDiagCodec.DUMP_REQUEST_LEN];
    try {
      for (int family : families) {
        int s = ++seq;
        int len = SockDiagCodec.encodeDump(dump, s, family, protocol, states, localPort);
        Lib.sendto(fd, dump, len, 0, KERNEL, KERNEL.length);
        SockDiagCodec.Answer found = null;
        // read the dump to its end, whatever matched, so the next request's answer comes first
        for (int parts = 0; parts < 64; parts++) {
          long n = Lib.recv(fd, answer, answer.length, 0);
          SockDiagCodec.DumpPart part = SockDiagCodec.decodeDump(answer, (int) n, s, local);
          if (found == null) {
            found = part.match();
          }
          if (!part.malformed().isEmpty()) {
            return found != null ? found : SockDiagCodec.Answer.malformed(part.malformed());
          }
          if (part.done()) {
            break;
          }
        }
        if (found != null) {
          return found;
        }
      }
      return new SockDiagCodec.Answer(SockDiagCodec.Status.NOT_FOUND, 0, 0, 0, 2, "");
    } catch (LastErrorException e) {
      return new SockDiagCodec.Answer(SockDiagCodec.Status.ERROR, 0, 0, 0, e.getErrorCode(), "");
    }
  }

  @Override
  public void close() {
    Lib.close(fd);
  }
}
