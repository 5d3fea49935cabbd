package io.netmapper.aws;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netmapper.common.net.IpAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ClusterIP(s) of the Service in front of the proxy and the DNS server: the address AWS names
 * resolve to for opted-in pods, and their nameserver.
 */
final class ServiceAddresses {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceAddresses.class);

  private ServiceAddresses() {}

  /** Reads the Service until it has a ClusterIP or {@code timeout} passes. */
  static List<InetAddress> read(
      KubernetesClient client, String namespace, String name, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "not found";
    while (true) {
      try {
        Service s = client.services().inNamespace(namespace).withName(name).get();
        if (s != null) {
          List<InetAddress> out = addresses(s);
          if (!out.isEmpty()) {
            return out;
          }
          last =
              "no ClusterIP (type "
                  + s.getSpec().getType()
                  + ", clusterIP "
                  + s.getSpec().getClusterIP()
                  + ")";
        }
      } catch (RuntimeException e) {
        last = e.getMessage();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Service "
                + namespace
                + "/"
                + name
                + ": "
                + last
                + "; set --service-addresses or fix the Service");
      }
      LOG.info("waiting for Service {}/{}: {}", namespace, name, last);
      Thread.sleep(1000);
    }
  }

  static List<InetAddress> addresses(Service s) {
    List<String> ips = new ArrayList<>();
    if (s.getSpec().getClusterIPs() != null) {
      ips.addAll(s.getSpec().getClusterIPs());
    }
    if (ips.isEmpty() && s.getSpec().getClusterIP() != null) {
      ips.add(s.getSpec().getClusterIP());
    }
    List<InetAddress> out = new ArrayList<>();
    for (String ip : ips) {
      if (IpAddresses.isIpLiteral(ip)) {
        try {
          out.add(InetAddress.getByName(ip));
        } catch (UnknownHostException e) {
          throw new IllegalStateException("unreachable: an IP literal always parses", e);
        }
      }
    }
    return out;
  }
}
