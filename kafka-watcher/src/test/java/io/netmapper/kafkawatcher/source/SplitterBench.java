package io.netmapper.kafkawatcher.source;

import io.netmapper.kafkawatcher.collect.LineHandler;

/** Lets the benchmark drive the package-private {@link LineSplitter} as file mode does. */
public final class SplitterBench {
  private SplitterBench() {}

  /** Feeds {@code bytes} in chunks of {@code chunk}; returns the lines handed on. */
  public static long feed(byte[] bytes, int chunk, LineHandler handler) {
    LineSplitter splitter = new LineSplitter(65536);
    long[] n = {0};
    LineSplitter.Lines sink =
        new LineSplitter.Lines() {
          @Override
          public void line(String line) {
            handler.line(line, 0);
            n[0]++;
          }

          @Override
          public void tooLong() {
            handler.partial("line_too_long");
          }
        };
    for (int off = 0; off < bytes.length; off += chunk) {
      splitter.feed(bytes, off, Math.min(chunk, bytes.length - off), sink);
    }
    return n[0];
  }
}
