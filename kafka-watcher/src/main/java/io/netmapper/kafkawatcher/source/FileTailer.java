package io.netmapper.kafkawatcher.source;

import io.netmapper.kafkawatcher.collect.BrokerPod;
import io.netmapper.kafkawatcher.collect.LineHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sidecar mode: follows a log file the broker writes, like {@code tail -F}. Rotation (the path now
 * names another file: log4j's RollingFileAppender renames and recreates) is noticed by the file key
 * (inode); the old file is read to its end first. Truncation (the file got shorter than what was
 * read, copytruncate) restarts at offset 0. An unfinished line cut off by either is counted as
 * {@code partial_line} and skipped.
 */
public final class FileTailer implements LogStream {
  private static final Logger LOG = LoggerFactory.getLogger(FileTailer.class);

  private final Path path;
  private final LineHandler handler;
  private final Duration poll;
  private final boolean fromStart;
  private final Clock clock;
  private final Consumer<StreamState> stateListener;
  private final LineSplitter splitter;
  private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
  private volatile boolean running = true;
  private volatile StreamState state = StreamState.STARTING;
  // completed read passes: lets a caller wait for "the file was looked at again" without a sleep
  private volatile long passes;
  private FileChannel channel;
  private Object fileKey;

  /**
   * @param fromStart read the file from its start when first opened (a file that appears later or
   *     replaces a rotated one is always read from its start)
   */
  public FileTailer(
      Path path,
      LineHandler handler,
      Duration poll,
      int maxLineBytes,
      boolean fromStart,
      Clock clock,
      Consumer<StreamState> stateListener) {
    this.path = Objects.requireNonNull(path, "path");
    this.handler = handler;
    this.poll = poll;
    this.fromStart = fromStart;
    this.clock = clock;
    this.stateListener = stateListener;
    this.splitter = new LineSplitter(maxLineBytes);
  }

  @Override
  public BrokerPod broker() {
    return handler.broker();
  }

  @Override
  public StreamState state() {
    return state;
  }

  /** Read passes that found nothing more to read (the tailer is idle between them). */
  long passes() {
    return passes;
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public void run() {
    boolean first = true;
    try {
      while (running) {
        if (channel == null) {
          if (!open(first)) {
            passes++;
            sleep();
            continue;
          }
          first = false;
        }
        if (drain() > 0) {
          continue;
        }
        checkRotationOrTruncation();
        passes++;
        sleep();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeChannel();
      setState(StreamState.STOPPED);
    }
  }

  private boolean open(boolean first) {
    try {
      FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
      Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
      if (first && !fromStart) {
        ch.position(ch.size());
      }
      channel = ch;
      fileKey = key;
      setState(StreamState.STREAMING);
      LOG.info("broker {}: tailing {} from offset {}", broker(), path, ch.position());
      return true;
    } catch (NoSuchFileException e) {
      if (state != StreamState.WAITING) {
        LOG.info("broker {}: log file {} does not exist yet, waiting for it", broker(), path);
      }
      setState(StreamState.WAITING);
      return false;
    } catch (IOException e) {
      if (state != StreamState.WAITING) {
        LOG.warn("broker {}: cannot open log file {}: {}; retrying", broker(), path, e.toString());
      }
      setState(StreamState.WAITING);
      return false;
    }
  }

  /** Reads what is there; returns the bytes read. */
  private long drain() {
    long total = 0;
    try {
      int n;
      while (running && (n = channel.read(buffer.clear())) > 0) {
        long now = clock.millis();
        splitter.feed(
            buffer.array(),
            0,
            n,
            new LineSplitter.Lines() {
              @Override
              public void line(String line) {
                handler.line(line, now);
              }

              @Override
              public void tooLong() {
                handler.partial("line_too_long");
              }
            });
        total += n;
      }
    } catch (IOException e) {
      LOG.warn("broker {}: reading {} failed: {}; reopening", broker(), path, e.toString());
      closeChannel();
    }
    return total;
  }

  private void checkRotationOrTruncation() {
    if (channel == null) {
      return;
    }
    try {
      Object key;
      try {
        key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
      } catch (NoSuchFileException e) {
        key = null; // renamed away, the new one not created yet: keep the old one open
      }
      // no file key on this file system: only truncation can be noticed
      if (key != null && fileKey != null && !key.equals(fileKey)) {
        drain(); // whatever was written to the old file before it was renamed
        if (splitter.discardPending()) {
          handler.partial("partial_line");
        }
        LOG.info("broker {}: {} was rotated, following the new file", broker(), path);
        closeChannel();
        openRotated();
        return;
      }
      if (channel.size() < channel.position()) {
        if (splitter.discardPending()) {
          handler.partial("partial_line");
        }
        LOG.info("broker {}: {} was truncated, reading again from its start", broker(), path);
        channel.position(0);
      }
    } catch (IOException e) {
      LOG.warn("broker {}: checking {} failed: {}; reopening", broker(), path, e.toString());
      closeChannel();
    }
  }

  private void openRotated() {
    open(false);
    try {
      if (channel != null) {
        channel.position(0);
      }
    } catch (IOException e) {
      closeChannel();
    }
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing a read-only channel: nothing to save
      }
      channel = null;
    }
  }

  private void setState(StreamState s) {
    if (!running && s != StreamState.STOPPED) {
      return; // stopping: only STOPPED is reported
    }
    state = s;
    stateListener.accept(s);
  }

  private void sleep() throws InterruptedException {
    Thread.sleep(poll.toMillis());
  }
}
