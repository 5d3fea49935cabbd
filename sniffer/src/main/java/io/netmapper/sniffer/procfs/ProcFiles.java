package io.netmapper.sniffer.procfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Small helpers for proc files that may vanish at any moment; failures become reasons. */
final class ProcFiles {
  static final String VANISHED = "process_vanished";
  static final String DENIED = "permission_denied";
  static final String UNREADABLE = "unreadable";

  private ProcFiles() {}

  static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return VANISHED;
    }
    if (e instanceof AccessDeniedException) {
      return DENIED;
    }
    // ESRCH ("No such process") when the task exits between open and read
    String m = String.valueOf(e.getMessage());
    return m.contains("No such process") ? VANISHED : UNREADABLE;
  }

  static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
  }

  /** The inode of a namespace: from a {@code net:[4026531992]} link, else the file's own inode. */
  static long namespaceInode(Path nsFile) throws IOException {
    try {
      long inode = bracketed(Files.readSymbolicLink(nsFile).toString());
      if (inode >= 0) {
        return inode;
      }
    } catch (java.nio.file.NotLinkException e) {
      // a bind-mounted namespace file (/var/run/netns/x): its own inode is the namespace's
    }
    Object ino = Files.getAttribute(nsFile, "unix:ino");
    return ((Number) ino).longValue();
  }

  /** Parses {@code kind:[123]}; -1 when the text has another shape. */
  static long bracketed(String link) {
    int open = link.indexOf(":[");
    if (open < 0 || !link.endsWith("]")) {
      return -1;
    }
    try {
      return Long.parseLong(link, open + 2, link.length() - 1, 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
