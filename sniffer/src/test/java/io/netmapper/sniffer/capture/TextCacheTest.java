package io.netmapper.sniffer.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TextCacheTest {
  private static String name(TextCache cache, String s) {
    byte[] bytes =
        (s + "trailing bytes beyond n are ignored").getBytes(StandardCharsets.ISO_8859_1);
    return cache.name(bytes, s.length(), s.hashCode());
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
      byte[] ip = {
        10, (byte) random.nextInt(256), (byte) random.nextInt(256), (byte) random.nextInt(256)
      };
      assertThat(cache.address(ip, 0, 4))
          .isEqualTo("10." + (ip[1] & 0xff) + "." + (ip[2] & 0xff) + "." + (ip[3] & 0xff));
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

  @Test
  void sameIpv6Address_isTheSameInstance_andCollisionsKeepTheirText() {
    TextCache cache = new TextCache();
    byte[] packet = new byte[40];
    packet[8] = 0x20;
    packet[9] = 0x01;
    packet[10] = 0x0d;
    packet[11] = (byte) 0xb8;
    packet[23] = 7;
    String first = cache.address(packet, 8, 16);
    assertThat(first).isEqualTo("2001:db8::7").isSameAs(cache.address(packet.clone(), 8, 16));
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 50_000; i++) {
      packet[22] =
          (byte)
              (1 + random.nextInt(255)); // never an all-zero last word, which would print as "::"
      packet[23] = (byte) random.nextInt(256);
      assertThat(cache.address(packet, 8, 16))
          .isEqualTo(
              "2001:db8::" + Integer.toHexString((packet[22] & 0xff) << 8 | (packet[23] & 0xff)));
    }
  }

  @Test
  void sameListContents_isTheSameImmutableInstance_andOtherContentsAreNever() {
    TextCache cache = new TextCache();
    String[] items = {"10.0.0.1", "10.0.0.2", "unused"};
    List<String> first = cache.list(items, 2);
    assertThat(first).containsExactly("10.0.0.1", "10.0.0.2");
    assertThat(cache.list(new String[] {"10.0.0.1", "10.0.0.2"}, 2)).isSameAs(first);
    items[1] =
        "10.0.0.3"; // the cached list is a copy: changing the scratch array does not change it
    assertThat(first).containsExactly("10.0.0.1", "10.0.0.2");
    assertThat(cache.list(items, 2)).containsExactly("10.0.0.1", "10.0.0.3");
    assertThat(cache.list(items, 1)).containsExactly("10.0.0.1");
    assertThat(cache.list(items, 0)).isEmpty();
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 50_000; i++) {
      String[] many = new String[1 + random.nextInt(3)];
      for (int j = 0; j < many.length; j++) {
        many[j] = "10.0." + random.nextInt(30) + "." + random.nextInt(30);
      }
      assertThat(cache.list(many, many.length)).containsExactly(many);
    }
  }
}
