package io.netmapper.aws.recognize;

import java.util.ArrayList;
import java.util.List;

/**
 * Resources named by an id, a name or an ARN: Lambda functions, KMS keys and aliases, Secrets
 * Manager secrets, SSM parameters. An ARN in the request is kept as it is (its account and region
 * are the truth); a bare name is placed in the call's region and account.
 */
final class NamedResources {

  private NamedResources() {}

  /**
   * {@code name}, {@code name:qualifier}, {@code account:function:name[:qualifier]} or a full ARN,
   * plus the {@code Qualifier} query parameter: one function ARN, qualified when the call was.
   */
  static List<String> lambda(RequestParams in, ArnContext ctx) {
    List<String> out = new ArrayList<>(1);
    String fn = ArnContext.clean(in.first("FunctionName"));
    String qualifier = ArnContext.clean(in.first("Qualifier"));
    if (fn != null) {
      String[] p = fn.split(":", -1);
      String account = ctx.account();
      String region = ctx.region();
      String name;
      String qual = null;
      if (ArnContext.isArn(fn) && p.length >= 7 && p[5].equals("function")) {
        region = p[3];
        account = p[4];
        name = p[6];
        qual = p.length > 7 ? p[7] : null;
      } else if (p.length >= 3 && p[1].equals("function") && ArnContext.isAccount(p[0])) {
        account = p[0];
        name = p[2];
        qual = p.length > 3 ? p[3] : null;
      } else {
        name = p[0];
        qual = p.length > 1 ? p[1] : null;
      }
      qual = qual == null ? qualifier : qual;
      if (!name.isEmpty()) {
        out.add(
            ctx.arn(
                "lambda",
                region,
                account,
                "function:" + name + (qual == null || qual.isEmpty() ? "" : ":" + qual)));
      }
    }
    String layer = ArnContext.clean(in.first("LayerName"));
    if (layer != null) {
      out.add(ArnContext.isArn(layer) ? layer : ctx.arn("lambda", "layer:" + layer));
    }
    return out;
  }

  /** Key ids, key ARNs, alias names and alias ARNs, in the order of the request's key fields. */
  static List<String> kms(RequestParams in, ArnContext ctx) {
    List<String> out = new ArrayList<>(2);
    for (String field :
        new String[] {"KeyId", "SourceKeyId", "DestinationKeyId", "AliasName", "TargetKeyId"}) {
      String id = ArnContext.clean(in.first(field));
      if (id == null) {
        continue;
      }
      String arn =
          ArnContext.isArn(id)
              ? id
              : id.startsWith("alias/")
                  ? ctx.arn("kms", id)
                  : id.indexOf(':') < 0 && id.indexOf('/') < 0 ? ctx.arn("kms", "key/" + id) : null;
      if (arn != null && !out.contains(arn)) {
        out.add(arn);
      }
    }
    return out;
  }

  /**
   * A secret ARN as given, or a name as {@code secret:<name>-*}: the real ARN ends in "-" and six
   * random characters the client never sends, and IAM policies match it with that wildcard.
   */
  static List<String> secrets(RequestParams in, ArnContext ctx) {
    List<String> out = new ArrayList<>(1);
    List<String> ids = new ArrayList<>(in.all("SecretId"));
    ids.addAll(in.all("SecretIdList"));
    if (ids.isEmpty()) {
      ids.addAll(in.all("Name"));
    }
    for (String raw : ids) {
      String id = ArnContext.clean(raw);
      if (id == null) {
        continue;
      }
      String arn = ArnContext.isArn(id) ? id : ctx.arn("secretsmanager", "secret:" + id + "-*");
      if (!out.contains(arn)) {
        out.add(arn);
      }
    }
    return out;
  }

  /**
   * {@code Name}, {@code Names} and {@code Path} as {@code parameter/<name without leading slash>};
   * a version or label selector ({@code /app/db:3}) is dropped since IAM authorises the parameter.
   */
  static List<String> ssmParameters(RequestParams in, ArnContext ctx) {
    List<String> out = new ArrayList<>(1);
    List<String> names = new ArrayList<>(in.all("Name"));
    names.addAll(in.all("Names"));
    names.addAll(in.all("Path"));
    for (String raw : names) {
      String name = ArnContext.clean(raw);
      if (name == null) {
        continue;
      }
      String arn;
      if (ArnContext.isArn(name)) {
        arn = name;
      } else {
        int colon = name.indexOf(':');
        String bare = colon < 0 ? name : name.substring(0, colon);
        while (bare.startsWith("/")) {
          bare = bare.substring(1);
        }
        arn = bare.isEmpty() ? null : ctx.arn("ssm", "parameter/" + bare);
      }
      if (arn != null && !out.contains(arn)) {
        out.add(arn);
      }
    }
    return out;
  }
}
