package io.netmapper.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The chart under test: helm lint and helm template through helm-java, manifests into fabric8. */
final class Chart {
  static final String NAMESPACE = "netmapper-system";
  static final String RELEASE = "netmapper";

  /** The Kubernetes version templates render for (the chart needs >= 1.25). */
  static final String KUBE_VERSION = "v1.31.0";

  static final YAMLMapper YAML = YAMLMapper.builder().build();
  static final KubernetesSerialization K8S = new KubernetesSerialization();

  private Chart() {}

  static Path dir() {
    return Path.of(System.getProperty("netmapper.chart", "netmapper")).toAbsolutePath().normalize();
  }

  static Path repoRoot() {
    return Path.of(System.getProperty("netmapper.root", "..")).toAbsolutePath().normalize();
  }

  /** values.yaml as a tree. */
  static ObjectNode defaultValues() {
    try {
      return (ObjectNode) YAML.readTree(dir().resolve("values.yaml").toFile());
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot read values.yaml", e);
    }
  }

  static JsonNode schema() {
    return new ObjectMapper().readTree(dir().resolve("values.schema.json").toFile());
  }

  /**
   * {@code helm template} with the overrides as a values file. Throws with helm's message on
   * errors.
   */
  static String template(Map<String, Object> overrides) {
    return template(overrides, NAMESPACE);
  }

  static String template(Map<String, Object> overrides, String namespace) {
    Path values = writeTemp(overrides);
    try {
      return new Helm(dir())
          .template()
          .withName(RELEASE)
          .withNamespace(namespace)
          .withKubeVersion(KUBE_VERSION)
          .withValuesFile(values)
          .call();
    } finally {
      deleteQuietly(values);
    }
  }

  /** The NOTES.txt a user sees after {@code helm install} (a client-only dry run). */
  static String notes(Map<String, Object> overrides, String namespace) {
    Path values = writeTemp(overrides);
    try {
      return new Helm(dir())
          .install()
          .withName(RELEASE)
          .withNamespace(namespace)
          .withKubeVersion(KUBE_VERSION)
          .clientOnly()
          .dryRun()
          .withValuesFile(values)
          .call()
          .getOutput();
    } finally {
      deleteQuietly(values);
    }
  }

  /**
   * {@code helm lint --strict} of the chart with these overrides merged into its values.yaml
   * (helm-java's lint takes no values, so a copy of the chart carries them).
   */
  static LintResult lint(Map<String, Object> overrides) {
    Path copy;
    try {
      copy = Files.createTempDirectory("netmapper-chart-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Path chart = copy.resolve("netmapper");
      copyTree(dir(), chart);
      ObjectNode merged = defaultValues();
      merge(merged, YAML.valueToTree(overrides));
      YAML.writeValue(chart.resolve("values.yaml").toFile(), merged);
      return new Helm(chart).lint().strict().call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTreeQuietly(copy);
    }
  }

  /** One rendered document: its source template and its text. */
  record Manifest(String source, String yaml, JsonNode tree) {
    String kind() {
      return tree.path("kind").asString();
    }

    String name() {
      return tree.path("metadata").path("name").asString();
    }

    String namespace() {
      return tree.path("metadata").path("namespace").asString();
    }

    /** The fabric8 object of this kind (never a generic resource). */
    HasMetadata object() {
      Object parsed = K8S.unmarshal(yaml);
      if (!(parsed instanceof HasMetadata h) || parsed instanceof GenericKubernetesResource) {
        throw new AssertionError(
            source + ": " + kind() + " is not a kind fabric8 knows: " + parsed);
      }
      return h;
    }
  }

  /** Splits helm's output into documents, dropping empty ones. */
  static List<Manifest> split(String rendered) {
    List<Manifest> out = new ArrayList<>();
    for (String doc : rendered.split("(?m)^---\\s*$")) {
      String source = "";
      for (String line : doc.split("\n")) {
        if (line.startsWith("# Source: ")) {
          source = line.substring("# Source: ".length()).trim();
          break;
        }
      }
      JsonNode tree = YAML.readTree(doc);
      if (tree == null || tree.isMissingNode() || tree.isNull() || tree.isEmpty()) {
        continue;
      }
      out.add(new Manifest(source, doc, tree));
    }
    return out;
  }

  static List<Manifest> render(Map<String, Object> overrides) {
    return split(template(overrides));
  }

  static Manifest find(List<Manifest> manifests, String kind, String name) {
    return manifests.stream()
        .filter(m -> m.kind().equals(kind) && m.name().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no " + kind + " " + name + " in " + names(manifests)));
  }

  static List<String> names(List<Manifest> manifests) {
    return manifests.stream().map(m -> m.kind() + "/" + m.namespace() + "/" + m.name()).toList();
  }

  /** Deep merge of {@code over} into {@code base} (objects merge, everything else replaces). */
  static void merge(ObjectNode base, JsonNode over) {
    for (Map.Entry<String, JsonNode> e : over.properties()) {
      JsonNode existing = base.get(e.getKey());
      if (existing instanceof ObjectNode eo && e.getValue().isObject()) {
        merge(eo, e.getValue());
      } else {
        base.set(e.getKey(), e.getValue());
      }
    }
  }

  /** Nested map from dotted paths: {@code values("a.b", 1, "a.c", 2)} → {a: {b: 1, c: 2}}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> values(Object... pathsAndValues) {
    Map<String, Object> root = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndValues.length; i += 2) {
      String[] parts = ((String) pathsAndValues[i]).split("\\.");
      Map<String, Object> at = root;
      for (int p = 0; p < parts.length - 1; p++) {
        at =
            (Map<String, Object>)
                at.computeIfAbsent(parts[p], k -> new LinkedHashMap<String, Object>());
      }
      at.put(parts[parts.length - 1], pathsAndValues[i + 1]);
    }
    return root;
  }

  /** Deep merge of maps (for combining override sets). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> mergeMaps(Map<String, Object> a, Map<String, Object> b) {
    Map<String, Object> out = new LinkedHashMap<>(a);
    b.forEach(
        (k, v) -> {
          Object existing = out.get(k);
          if (existing instanceof Map<?, ?> em && v instanceof Map<?, ?> vm) {
            out.put(k, mergeMaps((Map<String, Object>) em, (Map<String, Object>) vm));
          } else {
            out.put(k, v);
          }
        });
    return out;
  }

  private static Path writeTemp(Map<String, Object> overrides) {
    try {
      Path f = Files.createTempFile("netmapper-values-", ".yaml");
      YAML.writeValue(f.toFile(), Objects.requireNonNull(overrides));
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path f) {
    try {
      Files.deleteIfExists(f);
    } catch (IOException e) {
      // a leftover temp file is harmless
    }
  }

  private static void deleteTreeQuietly(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(Chart::deleteQuietly);
    } catch (IOException e) {
      // a leftover temp dir is harmless
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.createDirectories(to.resolve(from.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.copy(file, to.resolve(from.relativize(file).toString()));
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
