package io.netmapper.mapper.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionResult;
import io.netmapper.mapper.query.MapperService;
import io.netmapper.mapper.store.IntentStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The document limits, each hit alone with limits small enough to reach with a valid query. */
class OtterizeGraphQlLimitsTest {
  static OtterizeGraphQl graphQl(OtterizeGraphQl.Limits limits) {
    return new OtterizeGraphQl(
        new MapperService(new IntentStore(t -> {}), () -> {}),
        null,
        () -> true,
        Clock.systemUTC(),
        limits);
  }

  @Test
  void depthOverTheLimit_isRefusedBeforeExecution() {
    OtterizeGraphQl g = graphQl(new OtterizeGraphQl.Limits(65_536, 5_000, 3, 500));
    ExecutionResult ok = g.execute("{ intents { client { name } } }", null, Map.of());
    assertThat(ok.getErrors()).isEmpty();
    ExecutionResult deep =
        g.execute("{ intents { client { podOwnerKind { kind } } } }", null, Map.of());
    assertThat(deep.getErrors()).hasSize(1);
    assertThat(deep.getErrors().get(0).getMessage()).containsIgnoringCase("depth");
    assertThat((Object) deep.getData()).isNull();
  }

  @Test
  void complexityOverTheLimit_isRefusedBeforeExecution() {
    OtterizeGraphQl g = graphQl(new OtterizeGraphQl.Limits(65_536, 5_000, 12, 5));
    ExecutionResult wide =
        g.execute(
            "{ a: health b: health c: health d: health e: health f: health }", null, Map.of());
    assertThat(wide.getErrors().get(0).getMessage()).containsIgnoringCase("complexity");
  }

  @Test
  void documentOverTheSizeLimit_isRefusedByTheParser() {
    OtterizeGraphQl g = graphQl(new OtterizeGraphQl.Limits(100, 5_000, 12, 500));
    ExecutionResult big = g.execute("{ health " + " ".repeat(200) + "}", null, Map.of());
    assertThat(big.getErrors()).isNotEmpty();
    assertThat(big.getErrors().get(0).getErrorType().toString()).isEqualTo("InvalidSyntax");
  }

  @Test
  void emptyMap_answersEmptyListsShapedAsTheSchemaSays() {
    OtterizeGraphQl g = graphQl(OtterizeGraphQl.Limits.DEFAULT);
    ExecutionResult r =
        g.execute("{ intents { type } serviceIntents { client { name } } health }", null, Map.of());
    assertThat(r.getErrors()).isEmpty();
    assertThat(r.<Map<String, Object>>getData())
        .isEqualTo(Map.of("intents", List.of(), "serviceIntents", List.of(), "health", true));
  }

  @Test
  void kafkaOperationNames_mapOntoOtterizesEnum() {
    assertThat(IntentQueries.kafkaOp("consume")).isEqualTo("CONSUME");
    assertThat(IntentQueries.kafkaOp("ClusterAction")).isEqualTo("CLUSTER_ACTION");
    assertThat(IntentQueries.kafkaOp("IdempotentWrite")).isEqualTo("IDEMPOTENT_WRITE");
    assertThat(ReportMutations.kafkaOperation("produce")).isEqualTo("WRITE");
    assertThat(ReportMutations.kafkaOperation("Read")).isEqualTo("Read");
    assertThat(ReportMutations.awsService("arn:aws:sqs:eu-central-1:1:q", List.of()))
        .isEqualTo("sqs");
    assertThat(ReportMutations.awsService("*", List.of("s3:GetObject"))).isEqualTo("s3");
  }
}
