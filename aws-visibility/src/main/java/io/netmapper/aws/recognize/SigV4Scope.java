package io.netmapper.aws.recognize;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the request's signature says about itself: who signed (access key id), for which region and
 * which signing name. Empty strings when the request is unsigned or the value is not well-formed.
 */
record SigV4Scope(String accessKeyId, String region, String signingName) {

  static final SigV4Scope NONE = new SigV4Scope("", "", "");

  private static final Pattern ACCESS_KEY = Pattern.compile("[A-Z0-9]{16,128}");
  private static final Pattern SIGNING_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}");
  private static final int MAX_CREDENTIAL = 512;

  SigV4Scope {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(signingName, "signingName");
  }

  /**
   * Reads the scope from the Authorization header (SigV4, SigV4a, legacy SigV2) or, for presigned
   * URLs, from the query (already decoded by the caller).
   */
  static SigV4Scope of(String authorization, RequestParams.Query query, String regionSet) {
    if (authorization != null) {
      String auth = authorization.strip();
      int cred = auth.indexOf("Credential=");
      if (auth.startsWith("AWS4-") && cred > 0) {
        int end = cred + "Credential=".length();
        int stop = end;
        while (stop < auth.length()
            && stop - end < MAX_CREDENTIAL
            && auth.charAt(stop) != ','
            && !Character.isWhitespace(auth.charAt(stop))) {
          stop++;
        }
        return fromCredential(auth.substring(end, stop), regionSet);
      }
      if (auth.startsWith("AWS ")) {
        // SigV2 "AWS AKID:signature": the key id is all it tells
        int colon = auth.indexOf(':', 4);
        return new SigV4Scope(key(colon > 4 ? auth.substring(4, colon) : ""), "", "");
      }
    }
    String presigned = query.first("X-Amz-Credential");
    if (presigned != null) {
      return fromCredential(presigned, regionSet);
    }
    String v2 = query.first("AWSAccessKeyId");
    return v2 == null ? NONE : new SigV4Scope(key(v2), "", "");
  }

  /**
   * {@code AKID/date/region/service/aws4_request} (SigV4) or {@code AKID/date/service/aws4_request}
   * (SigV4a).
   */
  static SigV4Scope fromCredential(String credential, String regionSet) {
    if (credential.length() > MAX_CREDENTIAL) {
      return NONE;
    }
    String[] parts = credential.split("/", -1);
    if (parts.length == 5 && "aws4_request".equals(parts[4])) {
      return new SigV4Scope(key(parts[0]), region(parts[2]), name(parts[3]));
    }
    if (parts.length == 4 && "aws4_request".equals(parts[3])) {
      // SigV4a signs for a region set; a single region there is the region of the call
      String single = regionSet == null || regionSet.contains(",") ? "" : regionSet.strip();
      return new SigV4Scope(key(parts[0]), region(single), name(parts[2]));
    }
    return parts.length > 0 ? new SigV4Scope(key(parts[0]), "", "") : NONE;
  }

  boolean signed() {
    return !accessKeyId.isEmpty();
  }

  private static String key(String s) {
    return ACCESS_KEY.matcher(s).matches() ? s : "";
  }

  private static String name(String s) {
    return SIGNING_NAME.matcher(s).matches() ? s : "";
  }

  private static String region(String s) {
    return Regions.isRegion(s) ? s : "";
  }
}
