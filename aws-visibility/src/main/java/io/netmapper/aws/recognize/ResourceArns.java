package io.netmapper.aws.recognize;

import java.util.ArrayList;
import java.util.List;

/**
 * The resource ARNs of a recognised operation of SQS, SNS, DynamoDB, STS (here) and Lambda, KMS,
 * Secrets Manager, SSM ({@link NamedResources}); {@code ["*"]} when the request names none.
 */
final class ResourceArns {

  private ResourceArns() {}

  static List<String> resolve(String service, String op, RequestParams in, ArnContext ctx) {
    List<String> out =
        switch (service) {
          case "sqs" -> sqs(in, ctx);
          case "sns" -> sns(op, in, ctx);
          case "dynamodb" -> dynamodb(in, ctx);
          case "sts" -> arnsOf(in.all("RoleArn"));
          case "lambda" -> NamedResources.lambda(in, ctx);
          case "kms" -> NamedResources.kms(in, ctx);
          case "secretsmanager" -> NamedResources.secrets(in, ctx);
          case "ssm" ->
              op.contains("Parameter") ? NamedResources.ssmParameters(in, ctx) : List.of();
          default -> List.of();
        };
    return out.isEmpty() ? List.of("*") : List.copyOf(out);
  }

  private static List<String> sqs(RequestParams in, ArnContext ctx) {
    List<String> out = new ArrayList<>();
    String url = ArnContext.clean(in.first("QueueUrl"));
    if (url != null) {
      String arn = queueArn(url, ctx);
      if (arn != null) {
        out.add(arn);
      }
    }
    String name = ArnContext.clean(in.first("QueueName"));
    if (out.isEmpty() && name != null && name.indexOf(':') < 0 && name.indexOf('/') < 0) {
      String owner = in.first("QueueOwnerAWSAccountId");
      out.add(
          ctx.arn("sqs", ctx.region(), ArnContext.isAccount(owner) ? owner : ctx.account(), name));
    }
    return out;
  }

  /**
   * {@code https://sqs.<region>.amazonaws.com/<account>/<name>} and the legacy {@code
   * https://<region>.queue.amazonaws.com/...}; the region in the URL wins over the call's.
   */
  static String queueArn(String url, ArnContext ctx) {
    String rest = url;
    int scheme = rest.indexOf("://");
    if (scheme >= 0) {
      rest = rest.substring(scheme + 3);
    }
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return null;
    }
    List<String> segs = PathTemplate.segments(rest.substring(slash));
    if (segs.size() != 2 || segs.get(1).isEmpty() || segs.get(1).indexOf(':') >= 0) {
      return null;
    }
    String account = ArnContext.isAccount(segs.get(0)) ? segs.get(0) : ctx.account();
    AwsHost host = AwsHost.parse(rest.substring(0, slash));
    String region = host.aws() && !host.region().isEmpty() ? host.region() : ctx.region();
    String partition = host.aws() ? host.partition() : ctx.partition();
    return "arn:" + partition + ":sqs:" + region + ":" + account + ":" + segs.get(1);
  }

  private static List<String> sns(String op, RequestParams in, ArnContext ctx) {
    List<String> out = new ArrayList<>();
    for (String field : new String[] {"TopicArn", "TargetArn", "ResourceArn"}) {
      out.addAll(arnsOf(in.all(field)));
    }
    String name = ArnContext.clean(in.first("Name"));
    if (out.isEmpty() && op.equals("CreateTopic") && name != null && name.indexOf(':') < 0) {
      out.add(ctx.arn("sns", name));
    }
    return out;
  }

  private static List<String> dynamodb(RequestParams in, ArnContext ctx) {
    List<String> out = new ArrayList<>();
    String index = ArnContext.clean(in.first("IndexName"));
    for (String t : in.all("TableName")) {
      String table = table(t, ctx);
      if (table != null) {
        out.add(index != null && index.indexOf('/') < 0 ? table + "/index/" + index : table);
      }
    }
    for (String t : in.json().requestItemTables()) {
      addTable(out, t, ctx);
    }
    for (String[] item : in.json().transactItems()) {
      addTable(out, item[1], ctx);
    }
    for (String field : new String[] {"TableArn", "ResourceArn", "StreamArn"}) {
      out.addAll(arnsOf(in.all(field)));
    }
    return out;
  }

  private static void addTable(List<String> out, String name, ArnContext ctx) {
    String table = table(name, ctx);
    if (table != null && !out.contains(table)) {
      out.add(table);
    }
  }

  /** A table name or, since 2024, a table ARN. */
  private static String table(String name, ArnContext ctx) {
    String t = ArnContext.clean(name);
    if (t == null) {
      return null;
    }
    if (ArnContext.isArn(t)) {
      return t;
    }
    return t.indexOf(':') < 0 && t.indexOf('/') < 0 ? ctx.arn("dynamodb", "table/" + t) : null;
  }

  static List<String> arnsOf(List<String> values) {
    List<String> out = new ArrayList<>(values.size());
    for (String v : values) {
      String c = ArnContext.clean(v);
      if (c != null && ArnContext.isArn(c) && !out.contains(c)) {
        out.add(c);
      }
    }
    return out;
  }
}
