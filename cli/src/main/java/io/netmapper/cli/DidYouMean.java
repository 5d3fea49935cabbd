package io.netmapper.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Suggestions for a misspelt command or option: the known words within a small edit distance (swaps
 * count as one edit, so {@code lsit} finds {@code list}), closest first.
 */
final class DidYouMean {
  private DidYouMean() {}

  static List<String> suggest(String typed, Collection<String> known) {
    String t = typed.replaceFirst("=.*$", "");
    int max = Math.max(1, Math.min(3, t.replaceFirst("^-+", "").length() / 3 + 1));
    return known.stream()
        .filter(k -> distance(t, k) <= max)
        .sorted(Comparator.comparingInt((String k) -> distance(t, k)).thenComparing(k -> k))
        .limit(3)
        .toList();
  }

  /** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
