package io.netmapper.aws.recognize;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names what one AWS API request does in IAM terms: service, region, access key id, actions and
 * resource ARNs. Operation tables come from the AWS SDK v2 service jars on the class path (loaded
 * once, here); {@link #recognise} is then a pure, thread-safe function that never throws. See
 * DESIGN.md beside this class.
 */
public final class AwsOperationRecognizer {

  private static final Logger LOG = LoggerFactory.getLogger(AwsOperationRecognizer.class);

  /** SDK service package → IAM prefix, for the service jars this module ships. */
  private static final Map<String, String> SDK_SERVICES =
      Map.of(
          "s3",
          "s3",
          "lambda",
          "lambda",
          "sqs",
          "sqs",
          "sns",
          "sns",
          "dynamodb",
          "dynamodb",
          "kms",
          "kms",
          "secretsmanager",
          "secretsmanager",
          "ssm",
          "ssm",
          "sts",
          "sts");

  private static final Pattern OPERATION = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,127}");
  private static final int MAX_PATH = 16 * 1024;

  private final Map<String, ServiceModel> models;
  private final IamActions actions;

  public AwsOperationRecognizer() {
    long start = System.nanoTime();
    Map<String, ServiceModel> loaded = new HashMap<>();
    SDK_SERVICES.forEach(
        (pkg, prefix) ->
            loaded.put(prefix, new ServiceModel(prefix, SdkBindings.load(pkg, pkg.equals("s3")))));
    this.models = Map.copyOf(loaded);
    this.actions = IamActions.load();
    LOG.info(
        "aws-recognize: loaded {} operations of {} services and {} IAM renames in {} ms",
        models.values().stream().mapToInt(ServiceModel::size).sum(),
        models.size(),
        actions.size(),
        (System.nanoTime() - start) / 1_000_000);
  }

  /** The call a request makes; an unknown or malformed request gives {@code recognised=false}. */
  public AwsCall recognise(AwsRequest r) {
    if (r == null) {
      return unrecognised("unknown", "", "", null);
    }
    try {
      return derive(r);
    } catch (RuntimeException | StackOverflowError e) {
      // derive handles every input the tests can produce; this is the last guard for the proxy
      LOG.debug("aws-recognize: {} {}: {}", r.method(), r.host(), e.toString());
      return unrecognised(AwsHost.parse(r.host()).serviceLabel(), "", "", null);
    }
  }

  /** Like {@link #recognise} without the last guard, so tests see any exception. */
  AwsCall derive(AwsRequest r) {
    AwsHost host = AwsHost.parse(r.host());
    String rawQuery = r.rawQuery();
    RequestParams.Query query =
        rawQuery.length() > RequestParams.MAX_BODY
            ? RequestParams.Query.parse(rawQuery.substring(0, RequestParams.MAX_BODY), false)
            : RequestParams.Query.parse(rawQuery, true);
    SigV4Scope scope =
        SigV4Scope.of(r.header("authorization"), query, r.header("x-amz-region-set"));
    String named = !scope.signingName().isEmpty() ? scope.signingName() : host.serviceLabel();
    String service = named.isEmpty() ? "unknown" : ServiceNames.iamPrefix(named);
    if (!host.aws() && !scope.signed()) {
      return unrecognised(service, "", "", null);
    }
    String region = !scope.region().isEmpty() ? scope.region() : host.region();
    ArnContext ctx =
        new ArnContext(
            Regions.partition(region, host.partition()),
            region,
            AccessKeys.accountOf(scope.accessKeyId()).orElse(""));
    ServiceModel model = models.get(service);
    String key = scope.accessKeyId();

    String target = r.header("x-amz-target");
    if (target != null) {
      String op = model == null ? null : model.operationForTarget(target.strip());
      if (op == null) {
        return unrecognised(service, region, key, afterDot(target));
      }
      var params = new RequestParams(Map.of(), query, RequestParams.Query.EMPTY, json(r));
      return recognised(service, region, key, op, ResourceArns.resolve(service, op, params, ctx));
    }
    RequestParams.Query form = isForm(r) ? form(r) : RequestParams.Query.EMPTY;
    String action = query.first("Action") != null ? query.first("Action") : form.first("Action");
    if (action != null) {
      if (model == null || !model.hasOperation(action)) {
        return unrecognised(service, region, key, action);
      }
      var params = new RequestParams(Map.of(), query, form, JsonFields.EMPTY);
      return recognised(
          service, region, key, action, ResourceArns.resolve(service, action, params, ctx));
    }
    return model == null
        ? unrecognised(service, region, key, null)
        : rest(r, host, query, model, region, key, ctx);
  }

  private AwsCall rest(
      AwsRequest r,
      AwsHost host,
      RequestParams.Query query,
      ServiceModel model,
      String region,
      String key,
      ArnContext ctx) {
    String path = r.path().length() > MAX_PATH ? r.path().substring(0, MAX_PATH) : r.path();
    List<String> segments = PathTemplate.segments(path);
    boolean s3 = model.iamPrefix().equals("s3");
    if (s3 && (host.accessPoint() || !host.bucket().isEmpty())) {
      // virtual-hosted style: the bucket moves from the host into the path, as in path style
      segments.add(0, host.accessPoint() ? "access-point" : host.bucket());
    }
    ServiceModel.RestMatch match =
        model.matchRest(
            r.method(), segments, query, h -> r.header(h) != null, s3 ? query.first("x-id") : null);
    if (match == null) {
      return unrecognised(model.iamPrefix(), region, key, null);
    }
    Map<String, String> captures = new HashMap<>();
    match.captures().forEach((k, v) -> captures.put(k, RequestParams.decodePath(v)));
    var params = new RequestParams(captures, query, RequestParams.Query.EMPTY, JsonFields.EMPTY);
    String op = match.binding().operation();
    List<String> resources =
        !s3
            ? ResourceArns.resolve(model.iamPrefix(), op, params, ctx)
            : host.accessPoint()
                ? List.of("*")
                : S3Resources.resolve(match.binding(), params, copySource(r, op), ctx.partition());
    return recognised(model.iamPrefix(), region, key, op, resources);
  }

  private AwsCall recognised(
      String service, String region, String key, String op, List<String> resources) {
    List<String> named = actions.of(service, op);
    // copy and re-encrypt name one action per resource, in the same order (target/source, from/to)
    boolean paired = PAIRED.contains(op) && named.size() > 1 && named.size() == resources.size();
    return new AwsCall(service, region, key, named, resources, true, paired);
  }

  private static final java.util.Set<String> PAIRED =
      java.util.Set.of("CopyObject", "UploadPartCopy", "ReEncrypt");

  /**
   * {@code <service>:<Operation>} when the request names a well-formed operation, else {@code
   * <service>:*}.
   */
  private static AwsCall unrecognised(String service, String region, String key, String op) {
    String s = service == null || service.isEmpty() ? "unknown" : service;
    String action = op != null && OPERATION.matcher(op).matches() ? op : "*";
    return new AwsCall(s, region, key, List.of(s + ":" + action), List.of("*"), false);
  }

  private static String copySource(AwsRequest r, String op) {
    return op.equals("CopyObject") || op.equals("UploadPartCopy")
        ? r.header("x-amz-copy-source")
        : null;
  }

  private static String afterDot(String target) {
    String t = target.strip();
    return t.substring(t.lastIndexOf('.') + 1);
  }

  private static boolean isForm(AwsRequest r) {
    String type = r.header("content-type");
    return type != null
        && type.toLowerCase(java.util.Locale.ROOT).contains("x-www-form-urlencoded");
  }

  private static RequestParams.Query form(AwsRequest r) {
    int n = Math.min(r.body().length, RequestParams.MAX_BODY);
    boolean complete = r.bodyComplete() && n == r.body().length;
    return RequestParams.Query.parse(new String(r.body(), 0, n, StandardCharsets.UTF_8), complete);
  }

  private static JsonFields json(AwsRequest r) {
    return JsonFields.parse(r.body(), Math.min(r.body().length, RequestParams.MAX_BODY));
  }
}
