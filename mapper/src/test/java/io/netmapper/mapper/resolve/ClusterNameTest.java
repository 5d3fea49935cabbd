package io.netmapper.mapper.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterNameTest {
  private static ClusterName classify(String name) {
    return ClusterName.classify(ClusterName.normalize(name), "cluster.local");
  }

  @Test
  void serviceNames_inEveryForm() {
    assertThat(classify("Catalog.Shop.svc.cluster.local."))
        .isEqualTo(new ClusterName.ServiceName("shop", "catalog"));
    assertThat(classify("catalog")).isEqualTo(new ClusterName.Short("catalog", null));
    assertThat(classify("catalog.shop")).isEqualTo(new ClusterName.Short("catalog", "shop"));
    assertThat(classify("catalog.shop.svc")).isEqualTo(new ClusterName.Short("catalog", "shop"));
  }

  @Test
  void podNames_ipv4AndIpv6() {
    assertThat(classify("10-244-1-7.shop.pod.cluster.local"))
        .isEqualTo(new ClusterName.PodName("shop", "10.244.1.7"));
    assertThat(classify("fd00-10-244--7.shop.pod.cluster.local"))
        .isEqualTo(new ClusterName.PodName("shop", "fd00:10:244::7"));
  }

  @Test
  void membersAndOtherNames() {
    assertThat(classify("db-0.db.shop.svc.cluster.local"))
        .isEqualTo(new ClusterName.ServiceMember("shop", "db"));
    assertThat(classify("weird.cluster.local")).isInstanceOf(ClusterName.OtherInCluster.class);
    assertThat(classify("api.example.com")).isEqualTo(new ClusterName.External("api.example.com"));
  }

  @Test
  void otherClusterDomain_isHonoured() {
    assertThat(ClusterName.classify("a.b.svc.corp.internal", "corp.internal"))
        .isEqualTo(new ClusterName.ServiceName("b", "a"));
    assertThat(ClusterName.classify("a.b.svc.cluster.local", "corp.internal"))
        .isInstanceOf(ClusterName.External.class);
  }
}
