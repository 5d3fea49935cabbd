package io.netmapper.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.netmapper.helm.Chart.Manifest;
import io.netmapper.helm.Combination.KafkaMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pod Security Standards (restricted for every pod but the sniffer; the sniffer's only departures
 * are hostNetwork, the read-only host /proc, NET_RAW + SYS_PTRACE and root), least-privilege RBAC
 * (writes only by AWS visibility, only to what it owns) and the AWS visibility webhook's safety.
 */
class ChartSecurityTest {
  private static final Set<String> READ_VERBS = Set.of("get", "list", "watch");
  private static final String AWS = "netmapper-aws-visibility";

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.netmapper.helm.Combination#all")
  void everyPodButTheSniffer_meetsRestricted_snifferOnlyItsDepartures(Combination c) {
    Map<String, PodSpec> workloads = Pods.workloads(Chart.render(c.values()));
    assertThat(workloads).containsKey("netmapper-mapper");
    assertThat(workloads.containsKey(AWS)).isEqualTo(c.aws());
    workloads.forEach(
        (name, spec) -> {
          List<String> violations = restrictedViolations(spec);
          if (name.equals("netmapper-sniffer")) {
            assertThat(violations)
                .as(name)
                .containsExactlyInAnyOrder(
                    "hostNetwork",
                    "hostPath volume hostproc (/proc)",
                    "capability NET_RAW",
                    "capability SYS_PTRACE",
                    "runAsNonRoot not set");
          } else {
            assertThat(violations).as(name).isEmpty();
          }
          Container container = Pods.container(spec);
          assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
          assertThat(container.getSecurityContext().getPrivileged()).as(name).isFalse();
        });
  }

  @Test
  void sniffer_hostNetworkDnsPolicyHostProcReadOnlyTwoCapabilities() {
    PodSpec spec = Pods.spec(Chart.render(Map.of()), "DaemonSet", "netmapper-sniffer");
    assertThat(spec.getHostNetwork()).isTrue();
    assertThat(spec.getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");
    assertThat(spec.getHostPID()).isNull();
    assertThat(spec.getAutomountServiceAccountToken()).isFalse();
    Container c = Pods.container(spec);
    SecurityContext sc = c.getSecurityContext();
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(sc.getCapabilities().getAdd()).containsExactlyInAnyOrder("NET_RAW", "SYS_PTRACE");
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    Volume hostproc =
        spec.getVolumes().stream().filter(v -> v.getHostPath() != null).findFirst().orElseThrow();
    assertThat(hostproc.getHostPath().getPath()).isEqualTo("/proc");
    assertThat(spec.getVolumes().stream().filter(v -> v.getHostPath() != null)).hasSize(1);
    assertThat(c.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getName()).isEqualTo(hostproc.getName());
              assertThat(m.getMountPath()).isEqualTo("/hostproc");
              assertThat(m.getReadOnly()).isTrue();
            });
    assertThat(Pods.env(c)).containsEntry("NETMAPPER_PROC_ROOT", "/hostproc");
    assertThat(c.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("NETMAPPER_NODE_NAME");
              assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
            });
  }

  @Test
  void sniffer_attributeNonRootProcesses_addsOnlyDacReadSearch() {
    PodSpec spec =
        Pods.spec(
            Chart.render(Chart.values("sniffer.attributeNonRootProcesses", true)),
            "DaemonSet",
            "netmapper-sniffer");
    assertThat(Pods.container(spec).getSecurityContext().getCapabilities().getAdd())
        .containsExactlyInAnyOrder("NET_RAW", "SYS_PTRACE", "DAC_READ_SEARCH");
    assertThat(restrictedViolations(spec))
        .containsExactlyInAnyOrder(
            "hostNetwork",
            "hostPath volume hostproc (/proc)",
            "capability NET_RAW",
            "capability SYS_PTRACE",
            "capability DAC_READ_SEARCH",
            "runAsNonRoot not set");
  }

  @Test
  void sniffer_toleratesEveryTaintByDefault_configurable_priorityClass() {
    PodSpec spec = Pods.spec(Chart.render(Map.of()), "DaemonSet", "netmapper-sniffer");
    assertThat(spec.getTolerations())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getOperator()).isEqualTo("Exists");
              assertThat(t.getKey()).isNull();
              assertThat(t.getEffect()).isNull();
            });
    assertThat(spec.getPriorityClassName()).isNull();

    PodSpec custom =
        Pods.spec(
            Chart.render(
                Chart.values(
                    "sniffer.tolerations",
                        List.of(Map.of("key", "gpu", "operator", "Exists", "effect", "NoSchedule")),
                    "sniffer.priorityClassName", "system-node-critical",
                    "sniffer.nodeSelector", Map.of("kubernetes.io/os", "linux"))),
            "DaemonSet",
            "netmapper-sniffer");
    assertThat(custom.getTolerations()).extracting(Toleration::getKey).containsExactly("gpu");
    assertThat(custom.getPriorityClassName()).isEqualTo("system-node-critical");
    assertThat(custom.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");

    PodSpec none =
        Pods.spec(
            Chart.render(Chart.values("sniffer.tolerations", List.of())),
            "DaemonSet",
            "netmapper-sniffer");
    assertThat(none.getTolerations()).isEmpty();
  }

  @Test
  void schedulingAndPullSettings_perComponent() {
    Map<String, Object> v =
        Chart.mergeMaps(
            KafkaMode.SERVERS.overrides(),
            Chart.values(
                "aws.visibility.enabled",
                true,
                "aws.visibility.tolerations",
                List.of(Map.of("key", "aws", "operator", "Exists")),
                "aws.visibility.priorityClassName",
                "low",
                "aws.visibility.image.tag",
                "4.5.6",
                "global.imagePullSecrets",
                List.of(Map.of("name", "regcred")),
                "global.imageRegistry",
                "registry.example:5000/team/",
                "mapper.nodeSelector",
                Map.of("pool", "system"),
                "mapper.tolerations",
                List.of(Map.of("key", "dedicated", "operator", "Equal", "value", "infra")),
                "mapper.affinity",
                Map.of(
                    "nodeAffinity",
                    Map.of(
                        "requiredDuringSchedulingIgnoredDuringExecution",
                        Map.of(
                            "nodeSelectorTerms",
                            List.of(
                                Map.of(
                                    "matchExpressions",
                                    List.of(
                                        Map.of(
                                            "key",
                                            "pool",
                                            "operator",
                                            "In",
                                            "values",
                                            List.of("system")))))))),
                "mapper.image.tag",
                "1.2.3",
                "mapper.image.pullPolicy",
                "Always",
                "kafkawatcher.nodeSelector",
                Map.of("pool", "kafka"),
                "kafkawatcher.priorityClassName",
                "high"));
    Map<String, PodSpec> w = Pods.workloads(Chart.render(v));
    PodSpec mapper = w.get("netmapper-mapper");
    assertThat(mapper.getNodeSelector()).containsExactlyEntriesOf(Map.of("pool", "system"));
    assertThat(mapper.getTolerations()).extracting(Toleration::getKey).containsExactly("dedicated");
    assertThat(mapper.getAffinity().getNodeAffinity()).isNotNull();
    assertThat(Pods.container(mapper).getImage())
        .isEqualTo("registry.example:5000/team/netmapper/mapper:1.2.3");
    assertThat(Pods.container(mapper).getImagePullPolicy()).isEqualTo("Always");
    assertThat(w.get("netmapper-kafka-watcher").getNodeSelector())
        .containsExactlyEntriesOf(Map.of("pool", "kafka"));
    assertThat(w.get("netmapper-kafka-watcher").getPriorityClassName()).isEqualTo("high");
    assertThat(w.get("netmapper-kafka-watcher").getTolerations()).isEmpty();
    assertThat(w.get(AWS).getTolerations()).extracting(Toleration::getKey).containsExactly("aws");
    assertThat(w.get(AWS).getPriorityClassName()).isEqualTo("low");
    assertThat(w.get(AWS).getNodeSelector()).isEmpty();
    assertThat(Pods.container(w.get(AWS)).getImage())
        .isEqualTo("registry.example:5000/team/netmapper/aws-visibility:4.5.6");
    assertThat(Pods.container(w.get("netmapper-sniffer")).getImage())
        .isEqualTo(
            "registry.example:5000/team/netmapper/sniffer:"
                + System.getProperty("netmapper.version"));
    w.forEach(
        (name, spec) ->
            assertThat(spec.getImagePullSecrets())
                .as(name)
                .singleElement()
                .satisfies(r -> assertThat(r.getName()).isEqualTo("regcred")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.netmapper.helm.Combination#all")
  void rbac_noWildcardVerbs_writesAndSecretsOnlyAwsVisibilityByName(Combination c) {
    List<Manifest> manifests = Chart.render(c.values());
    List<String> roles = new ArrayList<>();
    for (Manifest m : manifests) {
      List<PolicyRule> rules;
      if (m.object() instanceof ClusterRole cr) {
        rules = cr.getRules();
      } else if (m.object() instanceof Role r) {
        rules = r.getRules();
      } else {
        continue;
      }
      roles.add(m.kind() + "/" + m.name());
      for (PolicyRule rule : rules) {
        assertThat(rule.getVerbs()).as("%s %s", m.name(), rule).isNotEmpty().doesNotContain("*");
        assertThat(rule.getNonResourceURLs()).as(m.name()).isEmpty();
        boolean writes = !READ_VERBS.containsAll(rule.getVerbs());
        if (writes || rule.getResources().contains("secrets")) {
          // only AWS visibility writes, and only what it owns (see awsVisibility_rbacExactly)
          assertThat(m.name()).as("%s %s", m.kind(), rule).isEqualTo(AWS);
          assertThat(rule.getVerbs())
              .doesNotContain(
                  "delete", "deletecollection", "list", "watch", "escalate", "bind", "impersonate");
          boolean createConfigMaps =
              rule.getResources().equals(List.of("configmaps"))
                  && rule.getVerbs().equals(List.of("create"));
          if (!createConfigMaps) {
            assertThat(rule.getResourceNames()).as("%s %s: by name", m.name(), rule).isNotEmpty();
          }
        }
        if (rule.getResources().contains("secrets")) {
          assertThat(m.kind()).isEqualTo("Role");
          assertThat(rule.getResources()).containsExactly("secrets");
          assertThat(rule.getResourceNames()).containsExactly(AWS + "-ca");
        }
        boolean wildcard = rule.getResources().contains("*") || rule.getApiGroups().contains("*");
        if (wildcard) {
          // only the documented owner-walk switch: get on everything, nothing else
          assertThat(c.allowGetAll())
              .as("wildcard rule without allowGetAllResources: %s", rule)
              .isTrue();
          assertThat(m.name()).isEqualTo("netmapper-mapper");
          assertThat(rule.getVerbs()).containsExactly("get");
        }
      }
    }
    assertThat(roles).contains("ClusterRole/netmapper-mapper");
    assertThat(roles.contains("Role/" + AWS)).isEqualTo(c.aws());
    assertThat(roles.contains("ClusterRole/" + AWS)).isEqualTo(c.aws());
  }

  @Test
  void awsVisibility_rbacExactly() {
    List<Manifest> manifests = Chart.render(Chart.values("aws.visibility.enabled", true));
    Role role = (Role) Chart.find(manifests, "Role", AWS).object();
    assertThat(role.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(role.getRules())
        .extracting(ChartSecurityTest::describe)
        .containsExactlyInAnyOrder(
            " secrets [get, update, patch] " + List.of(AWS + "-ca"),
            " services [get] " + List.of(AWS));
    ClusterRole clusterRole = (ClusterRole) Chart.find(manifests, "ClusterRole", AWS).object();
    assertThat(clusterRole.getRules())
        .extracting(ChartSecurityTest::describe)
        .containsExactlyInAnyOrder(
            " configmaps [create] []",
            " configmaps [get, update, patch] [netmapper-aws-ca-bundle]",
            "admissionregistration.k8s.io mutatingwebhookconfigurations [get, update, patch] "
                + List.of(AWS));
    // the names follow the values
    List<Manifest> renamed =
        Chart.render(
            Chart.values(
                "aws.visibility.enabled",
                true,
                "aws.visibility.caSecretName",
                "aws-ca",
                "aws.visibility.caBundleConfigMap",
                "aws-trust",
                "fullnameOverride",
                "nm"));
    assertThat(((Role) Chart.find(renamed, "Role", "nm-aws-visibility").object()).getRules())
        .extracting(ChartSecurityTest::describe)
        .contains(" secrets [get, update, patch] [aws-ca]", " services [get] [nm-aws-visibility]");
    assertThat(
            ((ClusterRole) Chart.find(renamed, "ClusterRole", "nm-aws-visibility").object())
                .getRules())
        .extracting(ChartSecurityTest::describe)
        .contains(
            " configmaps [get, update, patch] [aws-trust]",
            "admissionregistration.k8s.io mutatingwebhookconfigurations [get, update, patch] [nm-aws-visibility]");
    Chart.find(renamed, "Secret", "aws-ca");
  }

  @Test
  void awsVisibility_caSecretEmptyKeptOnUninstall() {
    Secret secret =
        (Secret)
            Chart.find(
                    Chart.render(Chart.values("aws.visibility.enabled", true)),
                    "Secret",
                    AWS + "-ca")
                .object();
    assertThat(secret.getType()).isEqualTo("Opaque");
    assertThat(secret.getData()).isEmpty();
    assertThat(secret.getStringData()).isEmpty();
    assertThat(secret.getMetadata().getAnnotations())
        .containsEntry("helm.sh/resource-policy", "keep");
  }

  @Test
  void awsVisibility_webhookPerLabel_ignoresFailures_onlyPodCreate() {
    List<Manifest> manifests = Chart.render(Chart.values("aws.visibility.enabled", true));
    MutatingWebhookConfiguration config =
        (MutatingWebhookConfiguration)
            Chart.find(manifests, "MutatingWebhookConfiguration", AWS).object();
    assertThat(config.getWebhooks()).hasSize(2);
    assertThat(config.getWebhooks())
        .extracting(w -> w.getObjectSelector().getMatchLabels())
        .containsExactlyInAnyOrder(
            Map.of("network-mapper.otterize.com/aws-visibility", "true"),
            Map.of("netmapper.io/aws-visibility", "true"));
    for (MutatingWebhook w : config.getWebhooks()) {
      assertThat(w.getObjectSelector().getMatchExpressions()).as(w.getName()).isEmpty();
      assertThat(w.getFailurePolicy()).as(w.getName()).isEqualTo("Ignore");
      assertThat(w.getSideEffects()).isEqualTo("NoneOnDryRun");
      assertThat(w.getAdmissionReviewVersions()).containsExactly("v1");
      assertThat(w.getReinvocationPolicy()).isEqualTo("IfNeeded");
      assertThat(w.getTimeoutSeconds()).isEqualTo(5);
      assertThat(w.getRules())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getApiGroups()).containsExactly("");
                assertThat(r.getResources()).containsExactly("pods");
                assertThat(r.getOperations()).containsExactly("CREATE");
              });
      // the component patches the caBundle in at start: the chart must not set (or reset) it
      assertThat(w.getClientConfig().getCaBundle()).isNull();
      assertThat(w.getClientConfig().getUrl()).isNull();
      var service = w.getClientConfig().getService();
      assertThat(service.getNamespace()).isEqualTo(Chart.NAMESPACE);
      assertThat(service.getPath()).isEqualTo("/mutate");
      Service svc = (Service) Chart.find(manifests, "Service", service.getName()).object();
      assertThat(svc.getSpec().getPorts())
          .anySatisfy(
              p -> {
                assertThat(p.getPort()).isEqualTo(service.getPort());
                assertThat(p.getTargetPort().getStrVal()).isEqualTo("webhook");
              });
      // its own namespace (its own pods) and kube-system are left alone by default
      assertThat(w.getNamespaceSelector().getMatchExpressions())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getKey()).isEqualTo("kubernetes.io/metadata.name");
                assertThat(e.getOperator()).isEqualTo("NotIn");
                assertThat(e.getValues()).containsExactlyInAnyOrder(Chart.NAMESPACE, "kube-system");
              });
    }
    assertThat(config.getWebhooks()).extracting(MutatingWebhook::getName).doesNotHaveDuplicates();

    MutatingWebhookConfiguration custom =
        (MutatingWebhookConfiguration)
            Chart.find(
                    Chart.render(
                        Chart.values(
                            "aws.visibility.enabled",
                            true,
                            "aws.visibility.webhook.timeoutSeconds",
                            10,
                            "aws.visibility.webhook.namespaceSelector",
                            Map.of("matchLabels", Map.of("team", "payments")))),
                    "MutatingWebhookConfiguration",
                    AWS)
                .object();
    assertThat(custom.getWebhooks())
        .allSatisfy(
            w -> {
              assertThat(w.getTimeoutSeconds()).isEqualTo(10);
              assertThat(w.getNamespaceSelector().getMatchLabels())
                  .containsExactlyEntriesOf(Map.of("team", "payments"));
              assertThat(w.getNamespaceSelector().getMatchExpressions()).isEmpty();
            });
  }

  private static String describe(PolicyRule r) {
    return String.join(",", r.getApiGroups())
        + " "
        + String.join(",", r.getResources())
        + " "
        + r.getVerbs()
        + " "
        + r.getResourceNames();
  }

  @Test
  void mapperClusterRole_readsWhatIdentityResolutionNeeds() {
    ClusterRole role =
        (ClusterRole)
            Chart.find(Chart.render(Map.of()), "ClusterRole", "netmapper-mapper").object();
    // docs/mapper.md: get/list/watch on pods, services, endpointslices, nodes, namespaces
    for (String[] groupAndResource :
        new String[][] {
          {"", "pods"},
          {"", "services"},
          {"", "nodes"},
          {"", "namespaces"},
          {"discovery.k8s.io", "endpointslices"}
        }) {
      assertThat(role.getRules())
          .as("%s/%s", groupAndResource[0], groupAndResource[1])
          .anySatisfy(
              r -> {
                assertThat(r.getApiGroups()).contains(groupAndResource[0]);
                assertThat(r.getResources()).contains(groupAndResource[1]);
                assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
              });
    }
    // built-in owner kinds: get
    for (String[] owner :
        new String[][] {
          {"apps", "replicasets"},
          {"apps", "deployments"},
          {"apps", "statefulsets"},
          {"apps", "daemonsets"},
          {"batch", "jobs"},
          {"batch", "cronjobs"},
          {"", "replicationcontrollers"}
        }) {
      assertThat(role.getRules())
          .anySatisfy(
              r -> {
                assertThat(r.getApiGroups()).contains(owner[0]);
                assertThat(r.getResources()).contains(owner[1]);
                assertThat(r.getVerbs()).containsExactly("get");
              });
    }
    ClusterRole all =
        (ClusterRole)
            Chart.find(
                    Chart.render(Chart.values("mapper.allowGetAllResources", true)),
                    "ClusterRole",
                    "netmapper-mapper")
                .object();
    assertThat(all.getRules())
        .anySatisfy(
            r -> {
              assertThat(r.getApiGroups()).containsExactly("*");
              assertThat(r.getResources()).containsExactly("*");
              assertThat(r.getVerbs()).containsExactly("get");
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.netmapper.helm.Combination#all")
  void bindings_referenceTheRenderedRoleAndServiceAccount(Combination c) {
    List<Manifest> manifests = Chart.render(c.values());
    Set<String> present = new TreeSet<>(Chart.names(manifests));
    for (Manifest m : manifests) {
      if (m.object() instanceof ClusterRoleBinding b) {
        assertThat(present).contains("ClusterRole//" + b.getRoleRef().getName());
        b.getSubjects()
            .forEach(
                s ->
                    assertThat(present)
                        .contains("ServiceAccount/" + s.getNamespace() + "/" + s.getName()));
      } else if (m.object() instanceof RoleBinding b) {
        assertThat(present).contains("Role/" + m.namespace() + "/" + b.getRoleRef().getName());
        b.getSubjects()
            .forEach(
                s ->
                    assertThat(present)
                        .contains("ServiceAccount/" + s.getNamespace() + "/" + s.getName()));
      }
    }
    Pods.workloads(manifests)
        .forEach(
            (name, spec) ->
                assertThat(present)
                    .contains(
                        "ServiceAccount/" + Chart.NAMESPACE + "/" + spec.getServiceAccountName()));
  }

  @Test
  void kafkaWatcher_podsLogInTheBrokersNamespacesOnly() {
    List<Manifest> servers = Chart.render(KafkaMode.SERVERS.overrides());
    for (String ns : List.of("kafka", "streaming")) {
      Role role =
          (Role)
              servers.stream()
                  .filter(m -> m.kind().equals("Role") && m.namespace().equals(ns))
                  .findFirst()
                  .orElseThrow()
                  .object();
      assertThat(role.getRules())
          .anySatisfy(
              r -> {
                assertThat(r.getResources()).containsExactly("pods/log");
                assertThat(r.getVerbs()).containsExactly("get");
              });
      // brokers named: no list
      assertThat(role.getRules())
          .anySatisfy(
              r -> {
                assertThat(r.getResources()).containsExactly("pods");
                assertThat(r.getVerbs()).containsExactly("get");
              });
    }
    assertThat(servers)
        .noneMatch(m -> m.kind().equals("ClusterRole") && m.name().contains("kafka"));

    ClusterRole everywhere =
        (ClusterRole)
            Chart.find(
                    Chart.render(KafkaMode.SELECTOR_ALL_NAMESPACES.overrides()),
                    "ClusterRole",
                    "netmapper-kafka-watcher")
                .object();
    assertThat(everywhere.getRules())
        .anySatisfy(
            r -> {
              assertThat(r.getResources()).containsExactly("pods");
              assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "list");
            });
    Role one =
        (Role)
            Chart.render(KafkaMode.SELECTOR_ONE_NAMESPACE.overrides()).stream()
                .filter(m -> m.kind().equals("Role"))
                .findFirst()
                .orElseThrow()
                .object();
    assertThat(one.getMetadata().getNamespace()).isEqualTo("kafka");
    assertThat(one.getRules())
        .anySatisfy(r -> assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "list"));
  }

  /**
   * The checks of the Pod Security Standard "restricted" (v1.25+) that can be read from a pod spec.
   */
  static List<String> restrictedViolations(PodSpec spec) {
    List<String> v = new ArrayList<>();
    if (Boolean.TRUE.equals(spec.getHostNetwork())) {
      v.add("hostNetwork");
    }
    if (Boolean.TRUE.equals(spec.getHostPID())) {
      v.add("hostPID");
    }
    if (Boolean.TRUE.equals(spec.getHostIPC())) {
      v.add("hostIPC");
    }
    for (Volume vol : spec.getVolumes()) {
      if (vol.getHostPath() != null) {
        v.add("hostPath volume " + vol.getName() + " (" + vol.getHostPath().getPath() + ")");
      } else if (vol.getEmptyDir() == null
          && vol.getConfigMap() == null
          && vol.getSecret() == null
          && vol.getProjected() == null
          && vol.getDownwardAPI() == null
          && vol.getPersistentVolumeClaim() == null
          && vol.getEphemeral() == null
          && vol.getCsi() == null) {
        v.add("volume type of " + vol.getName());
      }
    }
    var pod = spec.getSecurityContext();
    String podSeccomp =
        pod != null && pod.getSeccompProfile() != null ? pod.getSeccompProfile().getType() : null;
    Boolean podNonRoot = pod != null ? pod.getRunAsNonRoot() : null;
    Long podUser = pod != null ? pod.getRunAsUser() : null;
    if (podUser != null && podUser == 0) {
      v.add("runAsUser 0");
    }
    List<Container> all = new ArrayList<>(spec.getContainers());
    all.addAll(spec.getInitContainers());
    for (Container c : all) {
      SecurityContext sc = c.getSecurityContext();
      if (sc == null) {
        v.add("no securityContext on " + c.getName());
        continue;
      }
      if (Boolean.TRUE.equals(sc.getPrivileged())) {
        v.add("privileged");
      }
      if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
        v.add("allowPrivilegeEscalation not false");
      }
      if (sc.getCapabilities() == null || !sc.getCapabilities().getDrop().contains("ALL")) {
        v.add("capabilities not drop ALL");
      }
      if (sc.getCapabilities() != null) {
        for (String cap : sc.getCapabilities().getAdd()) {
          if (!cap.equals("NET_BIND_SERVICE")) {
            v.add("capability " + cap);
          }
        }
      }
      Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : podNonRoot;
      if (!Boolean.TRUE.equals(nonRoot)) {
        v.add("runAsNonRoot not set");
      }
      if (sc.getRunAsUser() != null && sc.getRunAsUser() == 0) {
        v.add("runAsUser 0");
      }
      String seccomp =
          sc.getSeccompProfile() != null ? sc.getSeccompProfile().getType() : podSeccomp;
      if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
        v.add("seccomp not RuntimeDefault");
      }
      if (c.getPorts().stream().anyMatch(p -> p.getHostPort() != null && p.getHostPort() != 0)
          && !Boolean.TRUE.equals(spec.getHostNetwork())) {
        v.add("hostPort");
      }
    }
    return v;
  }
}
