package io.netmapper.aws.recognize;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/** Region names and the partition each belongs to (the first field of every ARN). */
final class Regions {

  /** us-east-1, us-gov-west-1, cn-north-1, us-isob-east-1, eu-central-2, ... */
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]{1,12}){1,3}-\\d{1,2}");

  // Real regions are a few dozen; the cap keeps hostile region names from growing the cache
  private static final int CACHE_CAP = 256;
  private static final Map<String, String> PARTITIONS = new ConcurrentHashMap<>();

  private Regions() {}

  static boolean isRegion(String s) {
    return s != null && s.length() <= 32 && REGION.matcher(s).matches();
  }

  /**
   * The partition of a region, as the SDK's own partition metadata (regionRegex per partition)
   * says; {@code fallback} when the region is empty.
   */
  static String partition(String region, String fallback) {
    if (!isRegion(region)) {
      return fallback;
    }
    String known = PARTITIONS.get(region);
    if (known != null) {
      return known;
    }
    String id = PartitionMetadata.of(Region.of(region)).id();
    if (PARTITIONS.size() < CACHE_CAP) {
      PARTITIONS.put(region, id);
    }
    return id;
  }
}
