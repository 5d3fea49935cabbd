package io.netmapper.aws.dns;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Whether a queried name belongs to AWS. Matching is by whole labels (dnsjava's {@link
 * Name#subdomain}), so {@code evilamazonaws.com} is not AWS, and case-insensitive.
 */
final class AwsNames {

  private final List<Name> suffixes;

  AwsNames(List<String> suffixes) {
    this.suffixes = suffixes.stream().map(AwsNames::absolute).toList();
  }

  boolean isAws(Name name) {
    // Names from the wire are always absolute, as are the suffixes.
    for (Name suffix : suffixes) {
      if (name.subdomain(suffix)) {
        return true;
      }
    }
    return false;
  }

  private static Name absolute(String suffix) {
    try {
      return Name.fromString(suffix, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a domain name: " + suffix, e);
    }
  }
}
