package io.netmapper.sniffer.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TextCacheTest {
  private static String name(TextCache cache, String s) {
    char[] chars = s.toCharArray();
    return cache.name(chars, chars.length, s.hashCode());
  }

  @Test
  void sameText_isTheSameInstance() {
    TextCache cache = new TextCache();
    String first = name(cache, "catalog.shop.svc.cluster.local");
    assertThat(name(cache, "catalog.shop.svc.cluster.local")).isSameAs(first);
    byte[] ip = {10, (byte) 244, 1, 7};
    assertThat(cache.address(ip, 0, 4)).isEqualTo("10.244.1.7").isSameAs(cache.address(ip, 0, 4));
  }

  @Test
  void collisionsAndManyValues_neverReturnAnotherText() {
    TextCache cache = new TextCache();
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      String s = "n" + random.nextInt(20_000) + ".example.com";
      assertThat(name(cache, s)).isEqualTo(s);
      byte[] ip = {10, (byte) random.nextInt(256), (byte) random.nextInt(256), (byte) random.nextInt(256)};
      assertThat(cache.address(ip, 0, 4)).isEqualTo("10." + (ip[1] & 0xff) + "." + (ip[2] & 0xff) + "." + (ip[3] & 0xff));
    }
    // "Aa" and "BB" share String.hashCode: the cache compares the text itself
    assertThat(name(cache, "Aa")).isEqualTo("Aa");
    assertThat(name(cache, "BB")).isEqualTo("BB");
    byte[] v6 = new byte[16];
    v6[0] = 0x20;
    v6[1] = 0x01;
    v6[15] = 1;
    assertThat(cache.address(v6, 0, 16)).isEqualTo("2001::1");
  }
}
