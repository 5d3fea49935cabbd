package io.netmapper.mapper.kube;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the mapper keeps of a pod. Stripped down from the API object to save memory.
 *
 * @param ips pod IPs (canonical); for hostNetwork pods these are node IPs and are not indexed as
 *     pod IPs
 * @param declaredPorts container ports and host ports declared in the spec
 * @param createdMillis creation timestamp
 */
public record PodInfo(
    String uid,
    String namespace,
    String name,
    List<String> ips,
    String nodeName,
    boolean hostNetwork,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<OwnerRef> owners,
    long createdMillis,
    Set<Integer> declaredPorts) {

  public String key() {
    return namespace + "/" + name;
  }
}
