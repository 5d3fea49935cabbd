package io.netmapper.mapper.graphql;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import graphql.ExecutionResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /query} as Otterize's mapper serves it (gqlgen): a JSON body {@code {query,
 * operationName, variables}}, a JSON answer {@code {data, errors}}. Every GraphQL problem (syntax,
 * unknown field, limits, refused entries) is answered 200 with {@code errors}, as gqlgen does; a
 * body that is not a GraphQL request is a 400 with one error; other methods get 405. Execution runs
 * on the blocking executor, as the gRPC services do (resolution may call the API server).
 */
public final class GraphQlHttpService implements HttpService {
  private static final Logger LOG = LoggerFactory.getLogger(GraphQlHttpService.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final OtterizeGraphQl graphQl;
  private final Counter ok;
  private final Counter withErrors;
  private final Counter badRequest;

  public GraphQlHttpService(OtterizeGraphQl graphQl, MeterRegistry registry) {
    this.graphQl = graphQl;
    this.ok = counter(registry, "ok");
    this.withErrors = counter(registry, "graphql_errors");
    this.badRequest = counter(registry, "bad_request");
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder("netmapper_mapper_graphql_requests")
        .description("Requests to the Otterize-compatible /query endpoint, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    if (req.method() != HttpMethod.POST) {
      badRequest.increment();
      return error(HttpStatus.METHOD_NOT_ALLOWED, "use POST with a JSON body {query, variables}");
    }
    return HttpResponse.of(
        req.aggregate().thenApplyAsync(this::answer, ctx.blockingTaskExecutor()));
  }

  private HttpResponse answer(AggregatedHttpRequest req) {
    JsonNode body;
    try {
      body = JSON.readTree(req.contentUtf8());
    } catch (JacksonException e) {
      badRequest.increment();
      return error(HttpStatus.BAD_REQUEST, "body is not JSON: " + e.getOriginalMessage());
    }
    if (body == null || !body.isObject() || !body.path("query").isString()) {
      badRequest.increment();
      return error(HttpStatus.BAD_REQUEST, "body must be a JSON object with a string 'query'");
    }
    JsonNode variables = body.path("variables");
    if (!variables.isMissingNode() && !variables.isNull() && !variables.isObject()) {
      badRequest.increment();
      return error(HttpStatus.BAD_REQUEST, "'variables' must be a JSON object");
    }
    JsonNode operation = body.path("operationName");
    @SuppressWarnings("unchecked")
    Map<String, Object> vars =
        variables.isObject() ? JSON.convertValue(variables, Map.class) : Map.of();
    ExecutionResult result =
        graphQl.execute(
            body.get("query").asString(), operation.isString() ? operation.asString() : null, vars);
    if (result.getErrors().isEmpty()) {
      ok.increment();
    } else {
      withErrors.increment();
      LOG.debug("graphql errors first={}", result.getErrors().get(0).getMessage());
    }
    return json(HttpStatus.OK, result.toSpecification());
  }

  private static HttpResponse error(HttpStatus status, String message) {
    return json(status, Map.of("errors", List.of(Map.of("message", message))));
  }

  private static HttpResponse json(HttpStatus status, Object body) {
    try {
      return HttpResponse.of(status, MediaType.JSON_UTF_8, JSON.writeValueAsBytes(body));
    } catch (JacksonException e) {
      return HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR);
    }
  }
}
