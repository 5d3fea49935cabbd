package io.netmapper.aws.recognize;

import java.util.Optional;

/**
 * The AWS account an access key id belongs to, decoded from the key itself.
 *
 * <p>Since about 2019, AKIA (long-term) and ASIA (temporary) key ids carry the account number:
 * after the 4-character prefix, the next 10 base32 characters decode to 50 bits whose bits 1..40
 * (counting from the most significant bit of a 48-bit big-endian integer, masked with {@code
 * 0x7fffffffff80} and shifted right by 7) are the account id. See Tal Be'ery, "A short note on AWS
 * KEY ID" (2023), and Aidan Steele's earlier write-up. Older keys decode to a wrong number, which
 * is why an account named in the request itself (an ARN, a queue URL) always wins.
 */
final class AccessKeys {

  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final long MASK = 0x7fffffffff80L;

  private AccessKeys() {}

  /** The 12-digit account id, or empty when the key id is not an AKIA/ASIA key. */
  static Optional<String> accountOf(String accessKeyId) {
    if (accessKeyId == null
        || accessKeyId.length() < 14
        || !(accessKeyId.startsWith("AKIA") || accessKeyId.startsWith("ASIA"))) {
      return Optional.empty();
    }
    long bits = 0;
    for (int i = 4; i < 14; i++) {
      int v = BASE32.indexOf(accessKeyId.charAt(i));
      if (v < 0) {
        return Optional.empty();
      }
      bits = (bits << 5) | v;
    }
    long first48 = bits >>> 2; // 50 decoded bits; the account sits in the first 6 bytes
    long account = (first48 & MASK) >>> 7;
    String digits = Long.toString(account);
    if (digits.length() > 12) {
      return Optional.empty(); // 40 bits reach 13 digits; no account has them
    }
    return Optional.of("000000000000".substring(digits.length()) + digits);
  }
}
