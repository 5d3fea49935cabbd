package io.netmapper.mapper.graphql;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphqlErrorBuilder;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.DataFetcherResult;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.parser.ParserOptions;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeRuntimeWiring;
import io.netmapper.api.v1.ConnectionEvidence;
import io.netmapper.mapper.ingest.ReportService;
import io.netmapper.mapper.query.MapperService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Otterize's schema (copied unchanged, see otterize-api/PROVENANCE.md) wired to netmapper's query
 * and report services, with limits so that no document can cost more than a normal one: document
 * size and token count (parser), nesting depth and field complexity (before execution).
 */
public final class OtterizeGraphQl {
  private static final Logger LOG = LoggerFactory.getLogger(OtterizeGraphQl.class);
  static final String SCHEMA = "/otterize-api/mapper-schema.graphql";

  /** Limits of one document; the contract's largest operation is far below each. */
  public record Limits(int maxDocumentChars, int maxTokens, int maxDepth, int maxComplexity) {
    public static final Limits DEFAULT = new Limits(65_536, 5_000, 12, 500);
  }

  private final GraphQL graphQl;
  private final ParserOptions parserOptions;

  public OtterizeGraphQl(
      MapperService queries,
      ReportService reports,
      BooleanSupplier healthy,
      Clock clock,
      Limits limits) {
    IntentQueries intents = new IntentQueries(queries);
    ReportMutations mutations = new ReportMutations(reports, clock);
    RuntimeWiring wiring =
        RuntimeWiring.newRuntimeWiring()
            .scalar(TimeScalar.TIME)
            .type(
                TypeRuntimeWiring.newTypeWiring("Query")
                    .dataFetcher(
                        "serviceIntents", guard(env -> intents.serviceIntents(filters(env))))
                    .dataFetcher("intents", guard(env -> intents.intents(filters(env))))
                    .dataFetcher("health", env -> healthy.getAsBoolean()))
            .type(
                TypeRuntimeWiring.newTypeWiring("Mutation")
                    .dataFetcher("resetCapture", guard(env -> intents.reset()))
                    .dataFetcher(
                        "reportCaptureResults",
                        guard(env -> mutations.captureResults(results(env))))
                    .dataFetcher(
                        "reportTCPCaptureResults",
                        guard(
                            env ->
                                mutations.connections(
                                    results(env), ConnectionEvidence.CONNECTION_EVIDENCE_SYN)))
                    .dataFetcher(
                        "reportSocketScanResults",
                        guard(
                            env ->
                                mutations.connections(
                                    results(env),
                                    ConnectionEvidence.CONNECTION_EVIDENCE_SOCKET_SCAN)))
                    .dataFetcher(
                        "reportKafkaMapperResults",
                        guard(env -> mutations.kafkaResults(results(env))))
                    .dataFetcher(
                        "reportIstioConnectionResults",
                        guard(env -> mutations.istioResults(results(env))))
                    .dataFetcher(
                        "reportAWSOperation",
                        guard(env -> mutations.awsOperations(env.getArgument("operation"))))
                    .dataFetcher(
                        "reportAzureOperation", unsupported("netmapper has no Azure visibility"))
                    .dataFetcher(
                        "reportGCPOperation", unsupported("netmapper has no GCP visibility"))
                    .dataFetcher(
                        "reportTrafficLevelResults",
                        unsupported("netmapper keeps no traffic levels (bytes and flows)")))
            .build();
    GraphQLSchema schema =
        new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(schemaText()), wiring);
    this.graphQl =
        GraphQL.newGraphQL(schema)
            .instrumentation(
                new ChainedInstrumentation(
                    new MaxQueryDepthInstrumentation(limits.maxDepth()),
                    new MaxQueryComplexityInstrumentation(limits.maxComplexity())))
            .build();
    this.parserOptions =
        ParserOptions.newParserOptions()
            .maxCharacters(limits.maxDocumentChars())
            .maxTokens(limits.maxTokens())
            .maxRuleDepth(200)
            .build();
  }

  /** Runs one document; every problem is a GraphQL error in the result, never an exception. */
  public ExecutionResult execute(
      String query, String operationName, Map<String, Object> variables) {
    ExecutionInput input =
        ExecutionInput.newExecutionInput()
            .query(query)
            .operationName(operationName)
            .variables(variables == null ? Map.of() : variables)
            .graphQLContext(Map.of(ParserOptions.class, parserOptions))
            .build();
    return graphQl.execute(input);
  }

  /** The schema as served, for clients that validate against it. */
  public static String schemaText() {
    try (InputStream in = OtterizeGraphQl.class.getResourceAsStream(SCHEMA)) {
      if (in == null) {
        throw new IllegalStateException(SCHEMA + " is missing from the mapper's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static IntentQueries.Filters filters(DataFetchingEnvironment env) {
    Map<String, Object> server = env.getArgument("server");
    return new IntentQueries.Filters(
        list(env.getArgument("namespaces")),
        list(env.getArgument("includeLabels")),
        list(env.getArgument("excludeServiceWithLabels")),
        Boolean.TRUE.equals(env.getArgument("includeAllLabels")),
        server == null ? null : (String) server.get("name"),
        server == null ? null : (String) server.get("namespace"));
  }

  private static List<String> list(List<String> l) {
    return l == null ? List.of() : l;
  }

  private static List<Map<String, Object>> results(DataFetchingEnvironment env) {
    Map<String, Object> wrapper = env.getArgument("results");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> results = (List<Map<String, Object>>) wrapper.get("results");
    return results;
  }

  /**
   * A refused request (bad entries, bad filter) becomes a GraphQL error with the service's own
   * message; anything else is logged once and answered as an internal error.
   */
  private static DataFetcher<Object> guard(DataFetcher<Object> fetcher) {
    return env -> {
      String field = env.getField().getName();
      try {
        return fetcher.get(env);
      } catch (Unary.RejectedException e) {
        return DataFetcherResult.newResult()
            .error(GraphqlErrorBuilder.newError(env).message(field + ": " + e.getMessage()).build())
            .build();
      } catch (RuntimeException e) {
        LOG.warn("graphql field failed field={} error={}", field, e.toString());
        return DataFetcherResult.newResult()
            .error(
                GraphqlErrorBuilder.newError(env)
                    .message(field + ": internal error (" + e.getClass().getSimpleName() + ")")
                    .build())
            .build();
      }
    };
  }

  private static DataFetcher<Object> unsupported(String why) {
    return env ->
        DataFetcherResult.newResult()
            .error(
                GraphqlErrorBuilder.newError(env)
                    .message(env.getField().getName() + " is not supported: " + why)
                    .build())
            .build();
  }
}
