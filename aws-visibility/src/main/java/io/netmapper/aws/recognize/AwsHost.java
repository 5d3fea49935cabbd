package io.netmapper.aws.recognize;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an AWS host name says: the endpoint's service label, its region, its partition and, for S3
 * virtual-hosted style, the bucket.
 *
 * @param aws whether the host is under an AWS DNS suffix at all
 * @param serviceLabel the endpoint prefix with "-fips" removed (s3, sqs, queue, email, ...), or the
 *     first label of a non-AWS host; "" when there is none
 * @param region the region named in the host, or ""
 * @param partition the partition the DNS suffix or region belongs to ("aws" by default)
 * @param bucket the bucket of a virtual-hosted S3 request, or "" (path style or not S3)
 * @param accessPoint an S3 access point / object lambda / control host (no bucket in the path)
 */
record AwsHost(
    boolean aws,
    String serviceLabel,
    String region,
    String partition,
    String bucket,
    boolean accessPoint) {

  private static final List<String[]> SUFFIXES =
      List.of(
          new String[] {".amazonaws.com.cn", "aws-cn"},
          new String[] {".api.amazonwebservices.com.cn", "aws-cn"},
          new String[] {".amazonaws.com", "aws"},
          new String[] {".api.aws", "aws"},
          new String[] {".c2s.ic.gov", "aws-iso"},
          new String[] {".sc2s.sgov.gov", "aws-iso-b"});
  private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final int MAX_HOST = 253;

  AwsHost {
    Objects.requireNonNull(serviceLabel, "serviceLabel");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(bucket, "bucket");
  }

  static AwsHost parse(String rawHost) {
    String host = stripPort(rawHost == null ? "" : rawHost);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.isEmpty() || host.length() > MAX_HOST) {
      return new AwsHost(false, "", "", "aws", "", false);
    }
    for (String[] suffix : SUFFIXES) {
      if (host.endsWith(suffix[0]) && host.length() > suffix[0].length()) {
        String[] labels = host.substring(0, host.length() - suffix[0].length()).split("\\.", -1);
        return fromLabels(labels, suffix[1]);
      }
    }
    String first = host.split("\\.", 2)[0];
    return new AwsHost(false, LABEL.matcher(first).matches() ? first : "", "", "aws", "", false);
  }

  private static AwsHost fromLabels(String[] labels, String suffixPartition) {
    int last = labels.length - 1;
    if (last > 0 && labels[last].equals("vpce")) {
      last--; // interface endpoint: vpce-<id>.<service>.<region>.vpce.amazonaws.com
    }
    int r = -1;
    for (int i = last; i >= 0 && i >= last - 1; i--) {
      if (Regions.isRegion(labels[i])) {
        r = i;
        break;
      }
    }
    int svc;
    String region = "";
    if (r == last) {
      region = labels[r];
      svc = r - 1;
      while (svc >= 0 && (labels[svc].equals("dualstack") || labels[svc].equals("fips"))) {
        svc--;
      }
    } else if (r >= 0 && r == last - 1) {
      region = labels[r]; // legacy <region>.queue.amazonaws.com
      svc = last;
    } else {
      svc = last;
      while (svc > 0 && (labels[svc].equals("dualstack") || labels[svc].equals("fips"))) {
        svc--;
      }
    }
    if (svc < 0 || !LABEL.matcher(labels[svc]).matches()) {
      return new AwsHost(true, "", region, Regions.partition(region, suffixPartition), "", false);
    }
    String label = labels[svc];
    if (label.endsWith("-fips")) {
      label = label.substring(0, label.length() - "-fips".length());
    }
    String bucket = "";
    boolean accessPoint = false;
    if (label.equals("s3") || label.startsWith("s3-")) {
      String s3Region = s3LegacyRegion(label);
      if (region.isEmpty()) {
        region = s3Region;
      }
      accessPoint =
          label.equals("s3-accesspoint")
              || label.equals("s3-object-lambda")
              || label.equals("s3-control")
              || label.equals("s3express-control");
      int end = svc > 0 && labels[svc - 1].startsWith("vpce-") ? svc - 1 : svc;
      if (!accessPoint && end > 0) {
        bucket = String.join(".", List.of(labels).subList(0, end));
      }
      label = accessPoint ? label : "s3";
    }
    return new AwsHost(
        true, label, region, Regions.partition(region, suffixPartition), bucket, accessPoint);
  }

  /** s3-eu-west-1 (legacy dash style) and s3-external-1 (us-east-1) name their region. */
  private static String s3LegacyRegion(String label) {
    if (label.equals("s3-external-1")) {
      return "us-east-1";
    }
    String rest = label.startsWith("s3-") ? label.substring(3) : "";
    return Regions.isRegion(rest) ? rest : "";
  }

  private static String stripPort(String host) {
    int colon = host.lastIndexOf(':');
    if (colon > 0 && host.indexOf(':') == colon) {
      return host.substring(0, colon);
    }
    return host;
  }
}
