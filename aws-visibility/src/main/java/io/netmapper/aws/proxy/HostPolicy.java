package io.netmapper.aws.proxy;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Which hosts the proxy forwards to: DNS names under an allowed suffix, nothing else. */
final class HostPolicy {

  private static final Pattern DNS_NAME =
      Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

  private final List<String> suffixes;

  HostPolicy(List<String> suffixes) {
    this.suffixes = List.copyOf(suffixes);
  }

  boolean allowed(String host) {
    if (host == null || host.length() > 253 || !DNS_NAME.matcher(host).matches()) {
      return false;
    }
    for (String suffix : suffixes) {
      if (host.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The host of a Host header, lower case, without port; null when it has no usable host (IPv6
   * literals included: no AWS endpoint is named by one).
   */
  static String hostOfHeader(String hostHeader) {
    if (hostHeader == null) {
      return null;
    }
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      return null;
    }
    int colon = h.indexOf(':');
    if (colon >= 0) {
      String port = h.substring(colon + 1);
      if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
        return null;
      }
      h = h.substring(0, colon);
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return h.isEmpty() ? null : h;
  }
}
