package io.netmapper.kafkawatcher.parse;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Finds {@code yyyy-MM-dd[ T]HH:mm:ss[,.]fraction[Z|±hh:mm]} in a log prefix and converts it to
 * epoch milliseconds without allocating (the day's start is cached).
 */
final class LogTimestamps {
  private final ZoneId zone;
  private final boolean fixedUtc;
  private int cachedYmd = -1;
  private long cachedDayMillis;

  LogTimestamps(ZoneId zone) {
    this.zone = zone;
    this.fixedUtc = zone.equals(ZoneOffset.UTC);
  }

  /** Epoch millis of the first timestamp in {@code line[0, end)}, or -1 when there is none. */
  long find(String line, int end) {
    int limit = Math.min(end, line.length()) - 19;
    for (int i = 0; i <= limit; i++) {
      if (line.charAt(i + 4) == '-' && line.charAt(i + 7) == '-' && isDigit(line.charAt(i))) {
        long t = at(line, i, end);
        if (t >= 0) {
          return t;
        }
      }
    }
    return -1;
  }

  private long at(String s, int i, int end) {
    int year = digits(s, i, 4);
    int month = digits(s, i + 5, 2);
    int day = digits(s, i + 8, 2);
    char sep = s.charAt(i + 10);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > 31
        || (sep != ' ' && sep != 'T')
        || s.charAt(i + 13) != ':'
        || s.charAt(i + 16) != ':') {
      return -1;
    }
    int hour = digits(s, i + 11, 2);
    int minute = digits(s, i + 14, 2);
    int second = digits(s, i + 17, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
      return -1;
    }
    int j = i + 19;
    int millis = 0;
    if (j < end && (s.charAt(j) == ',' || s.charAt(j) == '.')) {
      j++;
      int scale = 100;
      while (j < end && isDigit(s.charAt(j))) {
        millis += (s.charAt(j) - '0') * scale;
        scale /= 10;
        j++;
      }
    }
    long offsetMillis = Long.MIN_VALUE;
    if (j < end) {
      char c = s.charAt(j);
      if (c == 'Z') {
        offsetMillis = 0;
      } else if ((c == '+' || c == '-') && j + 3 <= end) {
        int oh = digits(s, j + 1, 2);
        int om = 0;
        if (j + 6 <= end && s.charAt(j + 3) == ':') {
          om = digits(s, j + 4, 2);
        } else if (j + 5 <= end && isDigit(s.charAt(j + 3))) {
          om = digits(s, j + 3, 2);
        }
        if (oh >= 0 && om >= 0) {
          offsetMillis = (c == '-' ? -1L : 1L) * (oh * 3_600_000L + om * 60_000L);
        }
      }
    }
    long secondsOfDay = hour * 3600L + minute * 60L + second;
    if (offsetMillis != Long.MIN_VALUE || fixedUtc) {
      long dayMillis = utcDayMillis(year, month, day);
      if (dayMillis == Long.MIN_VALUE) {
        return -1;
      }
      return dayMillis
          + secondsOfDay * 1000
          + millis
          - (offsetMillis == Long.MIN_VALUE ? 0 : offsetMillis);
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59))
              .atZone(zone)
              .toInstant()
              .toEpochMilli()
          + millis;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private long utcDayMillis(int year, int month, int day) {
    int ymd = year * 10000 + month * 100 + day;
    if (ymd != cachedYmd) {
      try {
        cachedDayMillis = LocalDate.of(year, month, day).toEpochDay() * 86_400_000L;
      } catch (RuntimeException e) {
        cachedDayMillis = Long.MIN_VALUE; // Feb 30 and the like
      }
      cachedYmd = ymd;
    }
    return cachedDayMillis;
  }

  private static int digits(String s, int from, int n) {
    int v = 0;
    for (int k = 0; k < n; k++) {
      char c = s.charAt(from + k);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
