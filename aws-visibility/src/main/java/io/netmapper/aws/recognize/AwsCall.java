package io.netmapper.aws.recognize;

import java.util.List;
import java.util.Objects;

/**
 * What one AWS API request did, as IAM would name it.
 *
 * @param service the IAM service prefix: s3, sqs, dynamodb, lambda, kms, secretsmanager, ssm, sns,
 *     sts, ... (never empty)
 * @param region the region ("us-east-1" for global endpoints when the signature says so; "" when
 *     unknown)
 * @param accessKeyId the SigV4 access key id, or "" for an unsigned request
 * @param actions IAM actions such as {@code s3:PutObject}; at least one
 * @param resourceArns the resources acted on; {@code ["*"]} when the operation is unknown or has no
 *     resource
 * @param recognised false when the operation is not known, so only service and action name (or
 *     "service:*") are reported
 * @param paired true when action i applies to resource i only (S3 CopyObject: PutObject on the
 *     target, GetObject on the source); false when every action applies to every resource
 */
public record AwsCall(
    String service,
    String region,
    String accessKeyId,
    List<String> actions,
    List<String> resourceArns,
    boolean recognised,
    boolean paired) {

  /** A call whose actions apply to every resource. */
  public AwsCall(
      String service,
      String region,
      String accessKeyId,
      List<String> actions,
      List<String> resourceArns,
      boolean recognised) {
    this(service, region, accessKeyId, actions, resourceArns, recognised, false);
  }

  public AwsCall {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    if (service.isEmpty()) {
      throw new IllegalArgumentException("service is empty");
    }
    actions = List.copyOf(actions);
    resourceArns = List.copyOf(resourceArns);
    if (actions.isEmpty()) {
      throw new IllegalArgumentException("no action");
    }
    if (resourceArns.isEmpty()) {
      throw new IllegalArgumentException("no resource (use \"*\")");
    }
    if (paired && actions.size() != resourceArns.size()) {
      throw new IllegalArgumentException(
          "paired, but " + actions.size() + " actions for " + resourceArns.size() + " resources");
    }
  }
}
