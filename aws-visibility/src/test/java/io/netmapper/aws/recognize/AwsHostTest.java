package io.netmapper.aws.recognize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AwsHostTest {

  private static void assertHost(
      String host, String service, String region, String partition, String bucket) {
    AwsHost h = AwsHost.parse(host);
    assertThat(h.aws()).as(host).isTrue();
    assertThat(h.serviceLabel()).as(host + " service").isEqualTo(service);
    assertThat(h.region()).as(host + " region").isEqualTo(region);
    assertThat(h.partition()).as(host + " partition").isEqualTo(partition);
    assertThat(h.bucket()).as(host + " bucket").isEqualTo(bucket);
  }

  @Test
  void s3Endpoints_allStyles() {
    assertHost("s3.amazonaws.com", "s3", "", "aws", "");
    assertHost("s3.eu-central-1.amazonaws.com", "s3", "eu-central-1", "aws", "");
    assertHost("invoices.s3.eu-central-1.amazonaws.com", "s3", "eu-central-1", "aws", "invoices");
    assertHost(
        "my.dotted.bucket.s3.eu-central-1.amazonaws.com",
        "s3",
        "eu-central-1",
        "aws",
        "my.dotted.bucket");
    assertHost("b.s3.dualstack.eu-central-1.amazonaws.com", "s3", "eu-central-1", "aws", "b");
    assertHost("s3-fips.dualstack.us-east-1.amazonaws.com", "s3", "us-east-1", "aws", "");
    assertHost("b.s3-fips.us-gov-west-1.amazonaws.com", "s3", "us-gov-west-1", "aws-us-gov", "b");
    assertHost("b.s3-eu-west-1.amazonaws.com", "s3", "eu-west-1", "aws", "b");
    assertHost("b.s3-external-1.amazonaws.com", "s3", "us-east-1", "aws", "b");
    assertHost("b.s3.amazonaws.com", "s3", "", "aws", "b");
    assertHost("b.s3.cn-north-1.amazonaws.com.cn", "s3", "cn-north-1", "aws-cn", "b");
    assertHost(
        "b.vpce-0a1b2c3d-4e5f.s3.eu-central-1.vpce.amazonaws.com",
        "s3",
        "eu-central-1",
        "aws",
        "b");
    assertThat(
            AwsHost.parse("ap-123456789012.s3-accesspoint.eu-central-1.amazonaws.com")
                .accessPoint())
        .isTrue();
  }

  @Test
  void regionalAndGlobalEndpoints() {
    assertHost("sqs.eu-central-1.amazonaws.com", "sqs", "eu-central-1", "aws", "");
    assertHost("eu-west-1.queue.amazonaws.com", "queue", "eu-west-1", "aws", "");
    assertHost(
        "dynamodb.us-gov-east-1.amazonaws.com", "dynamodb", "us-gov-east-1", "aws-us-gov", "");
    assertHost("dynamodb-fips.us-east-1.amazonaws.com", "dynamodb", "us-east-1", "aws", "");
    assertHost("sts.amazonaws.com", "sts", "", "aws", "");
    assertHost("sts.eu-central-1.amazonaws.com", "sts", "eu-central-1", "aws", "");
    assertHost("kms.cn-northwest-1.amazonaws.com.cn", "kms", "cn-northwest-1", "aws-cn", "");
    assertHost("sqs.eu-central-1.api.aws", "sqs", "eu-central-1", "aws", "");
    assertHost(
        "streams.dynamodb.eu-central-1.amazonaws.com", "dynamodb", "eu-central-1", "aws", "");
    assertHost("vpce-0a1b.sqs.eu-central-1.vpce.amazonaws.com", "sqs", "eu-central-1", "aws", "");
    assertHost("sts.eu-central-1.amazonaws.com:443", "sts", "eu-central-1", "aws", "");
  }

  @Test
  void nonAwsAndHostileHosts_areNotAws() {
    assertThat(AwsHost.parse("example.com").aws()).isFalse();
    assertThat(AwsHost.parse("example.com").serviceLabel()).isEqualTo("example");
    assertThat(AwsHost.parse("s3.amazonaws.com.evil.io").aws()).isFalse();
    assertThat(AwsHost.parse("").serviceLabel()).isEmpty();
    assertThat(AwsHost.parse(".amazonaws.com").aws()).isFalse();
    assertThat(AwsHost.parse("..amazonaws.com").serviceLabel()).isEmpty();
    assertThat(AwsHost.parse("x".repeat(300) + ".amazonaws.com").aws()).isFalse();
    assertThat(AwsHost.parse("[::1]").aws()).isFalse();
  }
}
