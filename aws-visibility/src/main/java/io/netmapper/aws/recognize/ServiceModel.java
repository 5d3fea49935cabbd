package io.netmapper.aws.recognize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The operations of one service, indexed three ways: by X-Amz-Target (JSON protocol), by name
 * (query protocol {@code Action=}, S3's {@code x-id=}) and by method + path template (REST).
 * Immutable once built, so one instance serves every thread.
 */
final class ServiceModel {

  /** A REST operation chosen for a request, with the path variables it captured (raw). */
  record RestMatch(OperationBinding binding, Map<String, String> captures) {}

  private final String iamPrefix;
  private final Map<String, String> byTarget = new HashMap<>();
  private final Map<String, OperationBinding> byName = new HashMap<>();
  private final Map<String, List<OperationBinding>> restByMethod = new HashMap<>();

  ServiceModel(String iamPrefix, List<OperationBinding> bindings) {
    this.iamPrefix = iamPrefix;
    for (OperationBinding b : bindings) {
      byName.putIfAbsent(b.operation(), b);
      if (!b.target().isEmpty()) {
        byTarget.put(b.target(), b.operation());
      } else if (b.rest()) {
        restByMethod.computeIfAbsent(b.method(), m -> new ArrayList<>()).add(b);
      }
    }
    // most specific first; the name breaks ties so the order never depends on jar listing
    Comparator<OperationBinding> order =
        Comparator.comparingInt(OperationBinding::specificity)
            .reversed()
            .thenComparing(OperationBinding::operation);
    restByMethod.values().forEach(list -> list.sort(order));
  }

  String iamPrefix() {
    return iamPrefix;
  }

  int size() {
    return byName.size();
  }

  /** The operation a JSON-protocol target names, or null. */
  String operationForTarget(String target) {
    return byTarget.get(target);
  }

  boolean hasOperation(String name) {
    return byName.containsKey(name);
  }

  /**
   * The most specific REST operation whose method, path, fixed query keys, required query
   * parameters and required headers all fit; {@code hint} (S3's x-id) picks among those that fit.
   */
  RestMatch matchRest(
      String method,
      List<String> segments,
      RequestParams.Query query,
      Predicate<String> hasHeader,
      String hint) {
    List<OperationBinding> candidates = restByMethod.get(method);
    if (candidates == null) {
      return null;
    }
    RestMatch best = null;
    for (OperationBinding b : candidates) {
      if (best != null && hint == null) {
        break;
      }
      if (!fits(b, query, hasHeader)) {
        continue;
      }
      Map<String, String> captures = b.template().match(segments);
      if (captures == null) {
        continue;
      }
      if (hint != null && hint.equals(b.operation())) {
        return new RestMatch(b, captures);
      }
      if (best == null) {
        best = new RestMatch(b, captures);
      }
    }
    return best;
  }

  private static boolean fits(
      OperationBinding b, RequestParams.Query query, Predicate<String> hasHeader) {
    for (Map.Entry<String, String> e : b.literalQuery().entrySet()) {
      String v = query.first(e.getKey());
      if (v == null || (!e.getValue().isEmpty() && !e.getValue().equals(v))) {
        return false;
      }
    }
    for (String q : b.requiredQuery()) {
      if (!query.has(q)) {
        return false;
      }
    }
    for (String h : b.requiredHeaders()) {
      if (!hasHeader.test(h)) {
        return false;
      }
    }
    return true;
  }
}
