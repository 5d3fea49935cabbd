package io.netmapper.mapper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** NETMAPPER_GRAPHQL_ENABLED=false: no /query, the rest of the port unchanged. */
class OtterizeGraphQlSwitchTest {
  @Test
  void graphqlDisabled_queryIsNotServed() {
    try (MapperHarness h = new MapperHarness(Map.of("NETMAPPER_GRAPHQL_ENABLED", "false"))) {
      GraphQlClient.Answer a = new GraphQlClient(h.mapper.port()).raw("{\"query\":\"{ health }\"}");
      assertThat(a.status()).isEqualTo(404);
      assertThat(h.intents()).isEmpty();
    }
  }

  @Test
  void graphqlEnabledByDefault() {
    assertThat(MapperConfig.defaults().graphqlEnabled()).isTrue();
    assertThat(MapperConfig.defaults().summary()).contains("graphql=on");
  }
}
