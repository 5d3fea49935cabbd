package io.netmapper.cli.policy;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.netmapper.cli.CliException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** NetworkPolicies to YAML (with comments) and back, through fabric8's model. */
public final class PolicyFiles {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private PolicyFiles() {}

  /** One YAML document, preceded by its comment lines. */
  public static String yaml(NetworkPolicy policy, List<String> comments) {
    StringBuilder sb = new StringBuilder();
    for (String c : comments) {
      sb.append("# ").append(c).append('\n');
    }
    String body = SERIALIZATION.asYaml(policy);
    if (body.startsWith("---\n")) {
      body = body.substring(4);
    }
    sb.append(body);
    if (!body.endsWith("\n")) {
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Documents separated by {@code ---}, in the given order. */
  public static String yaml(List<NetworkPolicy> policies, Map<String, List<String>> comments) {
    StringBuilder sb = new StringBuilder();
    for (NetworkPolicy p : policies) {
      sb.append("---\n").append(yaml(p, comments.getOrDefault(key(p), List.of())));
    }
    return sb.toString();
  }

  public static String key(NetworkPolicy p) {
    return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
  }

  /** Parses YAML or JSON text holding NetworkPolicies (one or many documents, or a List). */
  public static List<NetworkPolicy> parse(String text, String source) {
    List<NetworkPolicy> out = new ArrayList<>();
    for (String doc : text.split("(?m)^---\\s*$")) {
      if (doc.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
        continue;
      }
      Object parsed;
      try {
        parsed = SERIALIZATION.unmarshal(doc);
      } catch (RuntimeException e) {
        throw CliException.error("cannot read " + source + ": " + e.getMessage(), e);
      }
      collect(parsed, source, out);
    }
    return out;
  }

  private static void collect(Object parsed, String source, List<NetworkPolicy> out) {
    if (parsed instanceof NetworkPolicy p) {
      out.add(p);
    } else if (parsed instanceof io.fabric8.kubernetes.api.model.KubernetesList list) {
      list.getItems().forEach(i -> collect(i, source, out));
    } else if (parsed instanceof List<?> items) {
      items.forEach(i -> collect(i, source, out));
    } else if (parsed instanceof KubernetesResource r) {
      // other kinds in the same files (Deployments, ...) are not policies: skip them quietly
      if (r instanceof io.fabric8.kubernetes.api.model.HasMetadata h
          && "NetworkPolicy".equals(h.getKind())) {
        out.add(SERIALIZATION.convertValue(r, NetworkPolicy.class));
      }
    }
  }

  /**
   * Every policy in these files, or in the {@code .yaml}/{@code .yml}/{@code .json} files of these
   * directories.
   */
  public static List<NetworkPolicy> read(List<Path> paths) {
    List<NetworkPolicy> out = new ArrayList<>();
    for (Path path : paths) {
      List<Path> files = new ArrayList<>();
      if (Files.isDirectory(path)) {
        try (Stream<Path> s = Files.list(path)) {
          s.filter(Files::isRegularFile)
              .filter(
                  f -> {
                    String n = f.getFileName().toString();
                    return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
                  })
              .sorted()
              .forEach(files::add);
        } catch (IOException e) {
          throw CliException.error("cannot list " + path + ": " + e.getMessage(), e);
        }
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        throw CliException.usage("no such file or directory: " + path);
      }
      for (Path f : files) {
        try {
          out.addAll(parse(Files.readString(f, StandardCharsets.UTF_8), f.toString()));
        } catch (IOException e) {
          throw CliException.error("cannot read " + f + ": " + e.getMessage(), e);
        }
      }
    }
    return out;
  }
}
