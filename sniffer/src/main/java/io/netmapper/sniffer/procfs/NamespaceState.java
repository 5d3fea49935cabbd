package io.netmapper.sniffer.procfs;

import io.netmapper.sniffer.collect.Attribution;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the scanner keeps about one network namespace between passes: its held {@code net/snmp}, the
 * TCP counters of the last pass, the sockets of the last table read and who owns them. Mutable,
 * used by the scan thread only.
 */
final class NamespaceState implements AutoCloseable {
  /** A wanted socket with its owner, ready to be reported again. */
  record Resolved(SocketEntry socket, Attribution owner) {}

  /** The process that owns a socket, found through its {@code fd/}. */
  record Owner(String pid, Attribution attribution) {}

  final long inode;

  /** The pass that last saw a process in this namespace. */
  long seenInPass;

  /**
   * Listening sockets and client-side connections of the last table read; null before the first.
   */
  List<SocketEntry> wanted;

  long readAtNanos;

  /**
   * The namespace's processes when {@link #resolved} was built; the owners hold while this list
   * does.
   */
  List<String> resolvedPids;

  List<Resolved> resolved;
  Map<Long, Owner> owners = Map.of();
  Map<String, Attribution> processes = Map.of();

  private TcpCounterFile counterFile;
  private final long[] counters = new long[TcpCounterFile.FIELDS];
  private final long[] current = new long[TcpCounterFile.FIELDS];
  private boolean countersKnown;

  NamespaceState(long inode) {
    this.inode = inode;
  }

  /**
   * Reads the namespace's TCP counters; true when they are known and equal to the previous pass's.
   * False when they moved, are unreadable, or were never read: the table must be read.
   */
  boolean countersUnchanged(Path procRoot, List<String> pids, ByteBuffer buffer) {
    if (counterFile == null) {
      counterFile = openCounters(procRoot, pids);
    }
    boolean read = false;
    if (counterFile != null) {
      try {
        read = counterFile.read(buffer, current);
      } catch (IOException e) {
        closeCounters(); // opened again next pass
      }
    }
    boolean same = read && countersKnown && Arrays.equals(current, counters);
    countersKnown = read;
    System.arraycopy(current, 0, counters, 0, counters.length);
    return same;
  }

  /**
   * Opens {@code net/snmp} through the first process still in this namespace; null when none has
   * it.
   */
  private TcpCounterFile openCounters(Path procRoot, List<String> pids) {
    for (String pid : pids) {
      Path dir = procRoot.resolve(pid);
      TcpCounterFile file;
      try {
        file = TcpCounterFile.open(dir.resolve("net/snmp"));
      } catch (NoSuchFileException e) {
        if (Files.isDirectory(dir.resolve("net"))) {
          return null; // no such counters here (fixture trees): tables are read every pass
        }
        continue; // the process exited: try the next one
      } catch (IOException e) {
        return null;
      }
      // the file reads the namespace the process was in when opened: make sure it still was ours
      try {
        if (ProcFiles.namespaceInode(dir.resolve("ns/net")) == inode) {
          return file;
        }
      } catch (IOException e) {
        // exited meanwhile
      }
      file.close();
    }
    return null;
  }

  private void closeCounters() {
    if (counterFile != null) {
      counterFile.close();
      counterFile = null;
    }
    countersKnown = false;
  }

  /** Releases the held file, and with it the reference on the namespace. */
  @Override
  public void close() {
    closeCounters();
  }
}
