package io.netmapper.mapper.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.netmapper.common.net.Cidr;
import io.netmapper.common.net.IpAddresses;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns API objects into the stripped-down values the indexes keep. The only place that reads
 * fabric8 models.
 */
final class KubeObjects {
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private KubeObjects() {}

  static PodInfo pod(Pod pod, long now) {
    var meta = pod.getMetadata();
    var spec = pod.getSpec();
    var status = pod.getStatus();
    Set<String> ips = new LinkedHashSet<>();
    if (status != null) {
      if (status.getPodIPs() != null) {
        for (PodIP ip : status.getPodIPs()) {
          IpAddresses.canonical(ip.getIp()).ifPresent(ips::add);
        }
      }
      if (status.getPodIP() != null) {
        IpAddresses.canonical(status.getPodIP()).ifPresent(ips::add);
      }
    }
    Set<Integer> ports = new TreeSet<>();
    if (spec != null && spec.getContainers() != null) {
      for (Container c : spec.getContainers()) {
        if (c.getPorts() == null) {
          continue;
        }
        for (ContainerPort p : c.getPorts()) {
          if (p.getContainerPort() != null) {
            ports.add(p.getContainerPort());
          }
          if (p.getHostPort() != null && p.getHostPort() > 0) {
            ports.add(p.getHostPort());
          }
        }
      }
    }
    List<OwnerRef> owners =
        meta.getOwnerReferences() == null
            ? List.of()
            : meta.getOwnerReferences().stream()
                .map(
                    r ->
                        new OwnerRef(
                            r.getApiVersion(),
                            r.getKind(),
                            r.getName(),
                            Boolean.TRUE.equals(r.getController())))
                .toList();
    return new PodInfo(
        meta.getUid(),
        meta.getNamespace(),
        meta.getName(),
        List.copyOf(ips),
        spec == null ? null : spec.getNodeName(),
        spec != null && Boolean.TRUE.equals(spec.getHostNetwork()),
        meta.getLabels() == null ? Map.of() : Map.copyOf(meta.getLabels()),
        meta.getAnnotations() == null ? Map.of() : Map.copyOf(meta.getAnnotations()),
        owners,
        timestamp(meta.getCreationTimestamp(), now),
        Set.copyOf(ports));
  }

  static ServiceInfo service(Service svc) {
    var meta = svc.getMetadata();
    var spec = svc.getSpec();
    List<String> clusterIps = new ArrayList<>();
    boolean headless = false;
    if (spec != null) {
      List<String> raw =
          spec.getClusterIPs() != null && !spec.getClusterIPs().isEmpty()
              ? spec.getClusterIPs()
              : spec.getClusterIP() == null ? List.of() : List.of(spec.getClusterIP());
      for (String ip : raw) {
        if ("None".equals(ip)) {
          headless = true;
        } else {
          IpAddresses.canonical(ip).filter(c -> !clusterIps.contains(c)).ifPresent(clusterIps::add);
        }
      }
    }
    Set<Integer> nodePorts = new TreeSet<>();
    if (spec != null && spec.getPorts() != null) {
      for (ServicePort p : spec.getPorts()) {
        if (p.getNodePort() != null && p.getNodePort() > 0) {
          nodePorts.add(p.getNodePort());
        }
      }
    }
    List<String> lbIps = new ArrayList<>();
    if (svc.getStatus() != null
        && svc.getStatus().getLoadBalancer() != null
        && svc.getStatus().getLoadBalancer().getIngress() != null) {
      for (LoadBalancerIngress in : svc.getStatus().getLoadBalancer().getIngress()) {
        IpAddresses.canonical(in.getIp()).ifPresent(lbIps::add);
      }
    }
    return ServiceInfo.of(
        meta.getNamespace(),
        meta.getName(),
        List.copyOf(clusterIps),
        headless,
        Set.copyOf(nodePorts),
        List.copyOf(lbIps));
  }

  /** The Service an EndpointSlice belongs to, or null when it has no service-name label. */
  static String serviceOf(EndpointSlice slice) {
    Map<String, String> labels = slice.getMetadata().getLabels();
    return labels == null ? null : labels.get(SERVICE_NAME_LABEL);
  }

  static List<ServiceEndpoint> endpoints(EndpointSlice slice) {
    List<ServiceEndpoint> out = new ArrayList<>();
    if (slice.getEndpoints() == null) {
      return out;
    }
    Set<Integer> ports = new TreeSet<>();
    if (slice.getPorts() != null) {
      slice
          .getPorts()
          .forEach(
              p -> {
                if (p.getPort() != null) {
                  ports.add(p.getPort());
                }
              });
    }
    for (Endpoint e : slice.getEndpoints()) {
      String podName = null;
      String podNs = null;
      if (e.getTargetRef() != null && "Pod".equals(e.getTargetRef().getKind())) {
        podName = e.getTargetRef().getName();
        podNs =
            e.getTargetRef().getNamespace() != null
                ? e.getTargetRef().getNamespace()
                : slice.getMetadata().getNamespace();
      }
      if (e.getAddresses() == null) {
        continue;
      }
      for (String address : e.getAddresses()) {
        String ip = IpAddresses.canonical(address).orElse(null);
        if (ip != null) {
          out.add(new ServiceEndpoint(ip, podName, podNs, ports));
        }
      }
    }
    return List.copyOf(out);
  }

  static NodeIndex.NodeInfo node(Node node) {
    List<String> ips = new ArrayList<>();
    if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
      for (NodeAddress a : node.getStatus().getAddresses()) {
        if ("InternalIP".equals(a.getType()) || "ExternalIP".equals(a.getType())) {
          IpAddresses.canonical(a.getAddress()).ifPresent(ips::add);
        }
      }
    }
    List<Cidr> cidrs = new ArrayList<>();
    if (node.getSpec() != null) {
      List<String> raw =
          node.getSpec().getPodCIDRs() != null && !node.getSpec().getPodCIDRs().isEmpty()
              ? node.getSpec().getPodCIDRs()
              : node.getSpec().getPodCIDR() == null
                  ? List.of()
                  : List.of(node.getSpec().getPodCIDR());
      for (String c : raw) {
        try {
          cidrs.add(Cidr.parse(c));
        } catch (IllegalArgumentException e) {
          // a malformed podCIDR only loses that range; the node is still indexed
        }
      }
    }
    return new NodeIndex.NodeInfo(
        node.getMetadata().getName(), List.copyOf(ips), List.copyOf(cidrs));
  }

  static long timestamp(String iso, long fallback) {
    if (iso == null || iso.isEmpty()) {
      return fallback;
    }
    try {
      return Instant.parse(iso).toEpochMilli();
    } catch (DateTimeParseException e) {
      return fallback;
    }
  }
}
