package io.netmapper.aws.recognize;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * API operation → IAM actions, for the operations whose IAM action has another name or is several
 * actions (see {@code iam-actions.properties} and DESIGN.md). Every other operation's action is
 * {@code <prefix>:<Operation>}.
 */
final class IamActions {

  private static final String RESOURCE = "iam-actions.properties";
  private final Map<String, List<String>> renames;

  private IamActions(Map<String, List<String>> renames) {
    this.renames = renames;
  }

  static IamActions load() {
    Properties p = new Properties();
    try (InputStream in = IamActions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " missing from the class path");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    Map<String, List<String>> out = new HashMap<>();
    for (String key : p.stringPropertyNames()) {
      List<String> actions = List.of(p.getProperty(key).trim().split("\\s*,\\s*"));
      for (String a : actions) {
        if (a.indexOf(':') <= 0) {
          throw new IllegalStateException(RESOURCE + ": bad action '" + a + "' for " + key);
        }
      }
      out.put(key, actions);
    }
    return new IamActions(Map.copyOf(out));
  }

  /** The IAM actions of {@code service}'s {@code operation}. */
  List<String> of(String service, String operation) {
    List<String> renamed = renames.get(service + "." + operation);
    return renamed != null ? renamed : List.of(service + ":" + operation);
  }

  int size() {
    return renames.size();
  }
}
