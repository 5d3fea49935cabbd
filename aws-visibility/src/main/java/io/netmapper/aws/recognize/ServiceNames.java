package io.netmapper.aws.recognize;

import java.util.Map;

/**
 * Endpoint labels and SigV4 signing names that differ from the IAM service prefix. Everything not
 * listed is its own IAM prefix (s3, sqs, dynamodb, lambda, kms, ...). Source: the "Service
 * endpoints" pages of the AWS General Reference and the Service Authorization Reference.
 */
final class ServiceNames {

  private static final Map<String, String> TO_IAM =
      Map.ofEntries(
          Map.entry("queue", "sqs"), // legacy <region>.queue.amazonaws.com
          Map.entry("ddb", "dynamodb"), // account-based <account>.ddb.<region>.amazonaws.com
          Map.entry("email", "ses"), // SES endpoint prefix
          Map.entry("monitoring", "cloudwatch"), // CloudWatch endpoint and signing name
          Map.entry("iotdata", "iot"), // IoT data plane signing name
          Map.entry("s3-control", "s3"),
          Map.entry("s3-accesspoint", "s3"),
          Map.entry("s3express-control", "s3express"),
          Map.entry("bedrock-runtime", "bedrock"),
          Map.entry("bedrock-agent", "bedrock"),
          Map.entry("bedrock-agent-runtime", "bedrock"),
          Map.entry("runtime.sagemaker", "sagemaker"),
          Map.entry("portal.sso", "sso"));

  private ServiceNames() {}

  /** The IAM prefix for an endpoint label or signing name. */
  static String iamPrefix(String name) {
    return TO_IAM.getOrDefault(name, name);
  }
}
