package io.netmapper.aws.recognize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SigV4ScopeTest {

  private static final RequestParams.Query NO_QUERY = RequestParams.Query.EMPTY;

  @Test
  void authorizationHeader_givesKeyRegionAndSigningName() {
    SigV4Scope s =
        SigV4Scope.of(
            "AWS4-HMAC-SHA256 Credential=AKIAY34FZKBOKMUTVV7A/20261126/eu-central-1/s3/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=abc",
            NO_QUERY,
            null);
    assertThat(s).isEqualTo(new SigV4Scope("AKIAY34FZKBOKMUTVV7A", "eu-central-1", "s3"));
  }

  @Test
  void presignedQuery_givesTheSameScope() {
    var q =
        RequestParams.Query.parse(
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
                + "ASIAY34FZKBOKMUTVV7A%2F20261126%2Fus-gov-west-1%2Fs3%2Faws4_request&X-Amz-Signature=1",
            true);
    assertThat(SigV4Scope.of(null, q, null))
        .isEqualTo(new SigV4Scope("ASIAY34FZKBOKMUTVV7A", "us-gov-west-1", "s3"));
  }

  @Test
  void sigV4a_takesASingleRegionFromTheRegionSet() {
    String auth =
        "AWS4-ECDSA-P256-SHA256 Credential=AKIAY34FZKBOKMUTVV7A/20261126/s3/aws4_request, SignedHeaders=host, Signature=1";
    assertThat(SigV4Scope.of(auth, NO_QUERY, "eu-west-1").region()).isEqualTo("eu-west-1");
    assertThat(SigV4Scope.of(auth, NO_QUERY, "eu-west-1,us-east-1").region()).isEmpty();
    assertThat(SigV4Scope.of(auth, NO_QUERY, null).signingName()).isEqualTo("s3");
  }

  @Test
  void sigV2_givesOnlyTheKey() {
    assertThat(
            SigV4Scope.of("AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=", NO_QUERY, null))
        .isEqualTo(new SigV4Scope("AKIAIOSFODNN7EXAMPLE", "", ""));
  }

  @Test
  void malformedCredentials_giveEmptyFields_neverThrow() {
    assertThat(SigV4Scope.of("AWS4-HMAC-SHA256 Credential=", NO_QUERY, null))
        .isEqualTo(SigV4Scope.NONE);
    assertThat(
            SigV4Scope.of(
                    "AWS4-HMAC-SHA256 Credential=AKIAY34FZKBOKMUTVV7A/x/EU CENTRAL/s 3/aws4_request",
                    NO_QUERY,
                    null)
                .region())
        .isEmpty();
    assertThat(
            SigV4Scope.of(
                    "AWS4-HMAC-SHA256 Credential=lower/20261126/eu-central-1/s3/aws4_request",
                    NO_QUERY,
                    null)
                .accessKeyId())
        .isEmpty();
    assertThat(SigV4Scope.of("AWS4-HMAC-SHA256 Credential=" + "A".repeat(100_000), NO_QUERY, null))
        .isEqualTo(SigV4Scope.NONE);
    assertThat(SigV4Scope.of("Bearer xyz", NO_QUERY, null)).isEqualTo(SigV4Scope.NONE);
    assertThat(SigV4Scope.of(null, NO_QUERY, null)).isEqualTo(SigV4Scope.NONE);
  }
}
