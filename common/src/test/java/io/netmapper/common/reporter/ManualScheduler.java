package io.netmapper.common.reporter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler on virtual time for tests: nothing runs until {@link #advance} moves the clock, then
 * every task due by then runs on the calling thread, in time order. No sleeps, no threads.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long nowNanos;
  private long order;
  private boolean shutdown;

  /** Virtual time since creation. */
  synchronized Duration elapsed() {
    return Duration.ofNanos(nowNanos);
  }

  /** Runs every task due within {@code d}, periodic ones as often as they fall due. */
  void advance(Duration d) {
    long until;
    synchronized (this) {
      until = nowNanos + d.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.dueNanos > until || shutdown) {
          nowNanos = until;
          return;
        }
        queue.poll();
        nowNanos = next.dueNanos;
      }
      next.run();
    }
  }

  /** Tasks waiting to run (periodic ones count once). */
  synchronized int pending() {
    return queue.size();
  }

  private synchronized Task add(Runnable r, long delayNanos, long periodNanos, boolean fixedRate) {
    if (shutdown) {
      throw new java.util.concurrent.RejectedExecutionException("shut down");
    }
    Task t = new Task(r, nowNanos + Math.max(0, delayNanos), periodNanos, fixedRate, order++);
    queue.add(t);
    return t;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return add(command, unit.toNanos(delay), 0, false);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("not needed by the tests");
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return add(command, unit.toNanos(initialDelay), unit.toNanos(period), true);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return add(command, unit.toNanos(initialDelay), unit.toNanos(delay), false);
  }

  @Override
  public void execute(Runnable command) {
    add(command, 0, 0, false);
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> left = new ArrayList<>(queue);
    queue.clear();
    return left;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return true;
  }

  private final class Task implements ScheduledFuture<Object>, Runnable {
    private final Runnable command;
    private final long periodNanos;
    private final boolean fixedRate;
    private final long seq;
    private long dueNanos;
    private boolean cancelled;
    private boolean done;

    Task(Runnable command, long dueNanos, long periodNanos, boolean fixedRate, long seq) {
      this.command = command;
      this.dueNanos = dueNanos;
      this.periodNanos = periodNanos;
      this.fixedRate = fixedRate;
      this.seq = seq;
    }

    @Override
    public void run() {
      if (cancelled) {
        return;
      }
      command.run();
      synchronized (ManualScheduler.this) {
        if (periodNanos > 0 && !cancelled && !shutdown) {
          dueNanos = (fixedRate ? dueNanos : nowNanos) + periodNanos;
          queue.add(this);
        } else {
          done = true;
        }
      }
    }

    @Override
    public long getDelay(TimeUnit unit) {
      synchronized (ManualScheduler.this) {
        return unit.convert(dueNanos - nowNanos, TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public int compareTo(Delayed o) {
      Task t = (Task) o;
      int c = Long.compare(dueNanos, t.dueNanos);
      return c != 0 ? c : Long.compare(seq, t.seq);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      synchronized (ManualScheduler.this) {
        cancelled = true;
        return queue.remove(this);
      }
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return done || cancelled;
    }

    @Override
    public Object get() throws ExecutionException {
      return null;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      return null;
    }
  }
}
