package io.netmapper.aws.recognize;

import java.util.Objects;

/**
 * What an ARN needs besides the resource: partition, region and account of the call. Unknown region
 * or account become the IAM wildcard {@code *}.
 */
record ArnContext(String partition, String region, String account) {

  private static final int MAX_NAME = 1024;

  ArnContext {
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(account, "account");
    region = region.isEmpty() ? "*" : region;
    account = account.isEmpty() ? "*" : account;
  }

  String arn(String service, String resource) {
    return arn(service, region, account, resource);
  }

  String arn(String service, String inRegion, String inAccount, String resource) {
    return "arn:" + partition + ":" + service + ":" + inRegion + ":" + inAccount + ":" + resource;
  }

  static boolean isArn(String s) {
    return s.startsWith("arn:") && s.chars().filter(c -> c == ':').count() >= 5;
  }

  /**
   * A request value fit to put into an ARN, or null: not empty, not huge, no controls or spaces.
   */
  static String clean(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_NAME) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c == 0x7f || c == '"') {
        return null;
      }
    }
    return value;
  }

  static boolean isAccount(String s) {
    if (s == null || s.length() != 12) {
      return false;
    }
    for (int i = 0; i < 12; i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
