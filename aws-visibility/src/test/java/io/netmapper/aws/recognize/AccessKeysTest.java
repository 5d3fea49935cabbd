package io.netmapper.aws.recognize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessKeysTest {

  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  /** Builds a key id that encodes {@code account} the way AWS does, for tests. */
  static String keyFor(String prefix, long account) {
    long first48 = (account << 7) | 0x35; // low 7 bits are not part of the account
    long bits50 = (first48 << 2) | 0x2;
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 9; i >= 0; i--) {
      sb.append(BASE32.charAt((int) ((bits50 >>> (5 * i)) & 31)));
    }
    return sb.append("QWERTY").toString();
  }

  @Test
  void publishedExample_decodesToItsAccount() {
    // from "A short note on AWS KEY ID" (Tal Be'ery, 2023)
    assertThat(AccessKeys.accountOf("ASIAY34FZKBOKMUTVV7A")).contains("609629065308");
  }

  @Test
  void encodedKeys_roundTrip_forLongTermAndTemporaryKeys() {
    assertThat(AccessKeys.accountOf(keyFor("AKIA", 123456789012L))).contains("123456789012");
    assertThat(AccessKeys.accountOf(keyFor("ASIA", 1L))).contains("000000000001");
    assertThat(AccessKeys.accountOf(keyFor("AKIA", 999999999999L))).contains("999999999999");
  }

  @Test
  void otherKeyKinds_andGarbage_giveNoAccount() {
    assertThat(AccessKeys.accountOf("AIDAJQABLZS4A3QDU576")).isEmpty(); // a user id, not a key
    assertThat(AccessKeys.accountOf("AKIA")).isEmpty();
    assertThat(AccessKeys.accountOf("AKIA!!!!!!!!!!!!!!!!")).isEmpty();
    assertThat(AccessKeys.accountOf("akiay34fzkbokmutvv7a")).isEmpty();
    assertThat(AccessKeys.accountOf(null)).isEmpty();
    assertThat(AccessKeys.accountOf(keyFor("AKIA", (1L << 40) - 1))).isEmpty(); // 13 digits
  }
}
