package io.netmapper.aws.webhook;

import io.fabric8.kubernetes.api.model.ConfigMapVolumeSourceBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Edits an opted-in pod in place: CA bundle volume and mounts, the SDKs' trust variables, DNS
 * pointed at the visibility DNS, the "mutated" annotation. Pure: no I/O. See DESIGN.md for why each
 * setting is there and which user settings win.
 */
final class PodMutator {

  static final String LABEL_OTTERIZE = "network-mapper.otterize.com/aws-visibility";
  static final String LABEL_NETMAPPER = "netmapper.io/aws-visibility";
  static final String MUTATED_ANNOTATION = "netmapper.io/aws-visibility-mutated";
  static final String VOLUME = "netmapper-aws-ca";
  static final String MOUNT_PATH = "/etc/netmapper/aws";
  static final String CA_FILE = "ca.pem";
  static final String BUNDLE_FILE = "bundle.pem";
  static final String TRUSTSTORE_FILE = "truststore.p12";
  static final String JAVA_TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";
  private static final String TRUSTSTORE_FLAG = "-Djavax.net.ssl.trustStore=";

  /** What changed and which of the pod's own settings were kept (metric reasons). */
  record Result(Pod pod, List<String> kept) {
    Result {
      kept = List.copyOf(kept);
    }
  }

  private final String configMapName;
  private final String dnsServiceIp;
  private final String clusterDomain;

  PodMutator(WebhookConfig config) {
    this.configMapName = config.bundleConfigMapName();
    this.dnsServiceIp = config.dnsServiceIp();
    this.clusterDomain = config.clusterDomain();
  }

  static boolean optedIn(Pod pod) {
    Map<String, String> labels = pod.getMetadata() == null ? null : pod.getMetadata().getLabels();
    return labels != null
        && ("true".equals(labels.get(LABEL_OTTERIZE))
            || "true".equals(labels.get(LABEL_NETMAPPER)));
  }

  static boolean alreadyMutated(Pod pod) {
    Map<String, String> annotations =
        pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
    return annotations != null && annotations.containsKey(MUTATED_ANNOTATION);
  }

  /** Mutates {@code pod} (pass a copy) for a pod created in {@code namespace}. */
  Result mutate(Pod pod, String namespace, String trustStorePassword) {
    List<String> kept = new ArrayList<>();
    var spec = pod.getSpec();
    if (spec.getVolumes() == null) {
      spec.setVolumes(new ArrayList<>());
    }
    if (spec.getVolumes().stream().noneMatch(v -> VOLUME.equals(v.getName()))) {
      spec.getVolumes()
          .add(
              new VolumeBuilder()
                  .withName(VOLUME)
                  .withConfigMap(new ConfigMapVolumeSourceBuilder().withName(configMapName).build())
                  .build());
    }
    String javaOptions =
        TRUSTSTORE_FLAG
            + MOUNT_PATH
            + "/"
            + TRUSTSTORE_FILE
            + " -Djavax.net.ssl.trustStorePassword="
            + trustStorePassword
            + " -Djavax.net.ssl.trustStoreType=PKCS12";
    List<Container> all = new ArrayList<>(spec.getContainers());
    if (spec.getInitContainers() != null) {
      all.addAll(spec.getInitContainers());
    }
    for (Container c : all) {
      mount(c);
      env(c, javaOptions, kept);
    }
    if (Boolean.TRUE.equals(spec.getHostNetwork())) {
      // the pod shares the node's resolver; see DESIGN.md
      kept.add("host_network_dns");
    } else {
      dns(pod, namespace);
    }
    Map<String, String> annotations =
        pod.getMetadata().getAnnotations() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(pod.getMetadata().getAnnotations());
    annotations.put(MUTATED_ANNOTATION, "true");
    pod.getMetadata().setAnnotations(annotations);
    return new Result(pod, kept);
  }

  private static void mount(Container c) {
    List<VolumeMount> mounts =
        c.getVolumeMounts() == null ? new ArrayList<>() : new ArrayList<>(c.getVolumeMounts());
    if (mounts.stream()
        .noneMatch(m -> VOLUME.equals(m.getName()) || MOUNT_PATH.equals(m.getMountPath()))) {
      mounts.add(
          new VolumeMountBuilder()
              .withName(VOLUME)
              .withMountPath(MOUNT_PATH)
              .withReadOnly(true)
              .build());
    }
    c.setVolumeMounts(mounts);
  }

  private static void env(Container c, String javaOptions, List<String> kept) {
    List<EnvVar> env = c.getEnv() == null ? new ArrayList<>() : new ArrayList<>(c.getEnv());
    String bundle = MOUNT_PATH + "/" + BUNDLE_FILE;
    setUnlessUserSet(env, "AWS_CA_BUNDLE", bundle, kept);
    setUnlessUserSet(env, "REQUESTS_CA_BUNDLE", bundle, kept);
    setUnlessUserSet(env, "SSL_CERT_FILE", bundle, kept);
    setUnlessUserSet(env, "NODE_EXTRA_CA_CERTS", MOUNT_PATH + "/" + CA_FILE, kept);
    EnvVar jto = find(env, JAVA_TOOL_OPTIONS);
    if (jto == null) {
      env.add(new EnvVar(JAVA_TOOL_OPTIONS, javaOptions, null));
    } else if (jto.getValueFrom() != null) {
      kept.add("java_tool_options_value_from");
    } else if (jto.getValue() != null && jto.getValue().contains(TRUSTSTORE_FLAG)) {
      kept.add("user_java_truststore");
    } else {
      String existing = jto.getValue() == null ? "" : jto.getValue().strip();
      jto.setValue(existing.isEmpty() ? javaOptions : existing + " " + javaOptions);
    }
    c.setEnv(env);
  }

  private static void setUnlessUserSet(
      List<EnvVar> env, String name, String value, List<String> kept) {
    if (find(env, name) != null) {
      kept.add("user_" + name.toLowerCase());
    } else {
      env.add(new EnvVar(name, value, null));
    }
  }

  private static EnvVar find(List<EnvVar> env, String name) {
    return env.stream().filter(e -> name.equals(e.getName())).findFirst().orElse(null);
  }

  private void dns(Pod pod, String namespace) {
    var spec = pod.getSpec();
    PodDNSConfig existing = spec.getDnsConfig();
    LinkedHashSet<String> searches =
        new LinkedHashSet<>(
            List.of(namespace + ".svc." + clusterDomain, "svc." + clusterDomain, clusterDomain));
    List<PodDNSConfigOption> options = new ArrayList<>();
    if (existing != null) {
      if (existing.getSearches() != null) {
        searches.addAll(existing.getSearches());
      }
      if (existing.getOptions() != null) {
        options.addAll(existing.getOptions());
      }
    }
    if (options.stream().noneMatch(o -> "ndots".equals(o.getName()))) {
      options.add(new PodDNSConfigOption("ndots", "5"));
    }
    // the visibility DNS must be the only nameserver: a second one would answer AWS names with
    // AWS's real addresses whenever the resolver rotates or retries
    spec.setDnsPolicy("None");
    spec.setDnsConfig(new PodDNSConfig(List.of(dnsServiceIp), options, new ArrayList<>(searches)));
  }
}
