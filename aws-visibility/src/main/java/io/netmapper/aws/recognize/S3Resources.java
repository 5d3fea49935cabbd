package io.netmapper.aws.recognize;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * S3 resources: {@code arn:<p>:s3:::<bucket>} for bucket operations and {@code
 * arn:<p>:s3:::<bucket>/*} for object operations. Objects are reported per bucket, not per key:
 * keys are unbounded (one per upload), while a least-privilege policy is written per bucket or
 * prefix; see DESIGN.md.
 */
final class S3Resources {

  // permissive on purpose (legacy us-east-1 buckets allow upper case and '_'); ':' '/' '*' never
  private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9._-]{1,255}");

  private S3Resources() {}

  static List<String> resolve(
      OperationBinding op, RequestParams params, String copySource, String partition) {
    String bucket = bucket(params.first("Bucket"));
    if (bucket == null) {
      return List.of("*");
    }
    boolean objects = op.template().hasVariable("Key") || op.operation().equals("DeleteObjects");
    List<String> out = new ArrayList<>(2);
    out.add("arn:" + partition + ":s3:::" + bucket + (objects ? "/*" : ""));
    if (copySource != null) {
      String source = copySourceBucket(copySource);
      out.add(source == null ? "*" : "arn:" + partition + ":s3:::" + source + "/*");
    }
    return out;
  }

  /** The bucket of {@code x-amz-copy-source}: {@code /bucket/key?versionId=...}, URL-encoded. */
  static String copySourceBucket(String header) {
    String s = RequestParams.decodePath(header.strip());
    if (s.startsWith("/")) {
      s = s.substring(1);
    }
    int slash = s.indexOf('/');
    return slash <= 0 ? null : bucket(s.substring(0, slash));
  }

  private static String bucket(String raw) {
    if (raw == null) {
      return null;
    }
    String b = RequestParams.decodePath(raw);
    return BUCKET.matcher(b).matches() ? b : null;
  }
}
