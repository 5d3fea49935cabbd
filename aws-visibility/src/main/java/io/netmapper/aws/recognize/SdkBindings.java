package io.netmapper.aws.recognize;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.traits.RequiredTrait;
import software.amazon.awssdk.protocols.core.OperationInfo;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Reads every operation's HTTP binding out of an SDK v2 service jar: each {@code
 * services.<svc>.transform.*RequestMarshaller} holds a static {@link OperationInfo} ({@code
 * SDK_OPERATION_BINDING}) with the request URI, method and, for JSON and query protocols, the
 * operation identifier; for REST operations the request model's fields tell which query parameters
 * and headers are required. Run once, at construction of the recognizer.
 */
final class SdkBindings {

  private static final Logger LOG = LoggerFactory.getLogger(SdkBindings.class);
  private static final String SUFFIX = "RequestMarshaller.class";

  private SdkBindings() {}

  /**
   * The bindings of one service package ({@code s3}, {@code dynamodb}, ...); empty, and logged,
   * when the service jar is not on the class path.
   */
  static List<OperationBinding> load(String sdkPackage, boolean bucketInPath) {
    String dir = "software/amazon/awssdk/services/" + sdkPackage + "/transform/";
    ClassLoader loader = SdkBindings.class.getClassLoader();
    List<OperationBinding> out = new ArrayList<>();
    for (String simple : marshallerNames(loader, dir)) {
      String op = simple.substring(0, simple.length() - SUFFIX.length());
      String pkg = "software.amazon.awssdk.services." + sdkPackage;
      try {
        Class<?> marshaller =
            Class.forName(pkg + ".transform." + op + "RequestMarshaller", true, loader);
        Field f = marshaller.getDeclaredField("SDK_OPERATION_BINDING");
        f.setAccessible(true);
        OperationInfo info = (OperationInfo) f.get(null);
        out.add(binding(op, info, loader, pkg + ".model." + op + "Request", bucketInPath));
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        LOG.warn("aws-recognize: skipping {} {}: {}", sdkPackage, op, e.toString());
      }
    }
    if (out.isEmpty()) {
      LOG.warn("aws-recognize: no operation bindings found for service package {}", sdkPackage);
    }
    return out;
  }

  private static OperationBinding binding(
      String classOp,
      OperationInfo info,
      ClassLoader loader,
      String modelClass,
      boolean bucketInPath)
      throws ReflectiveOperationException {
    String method = info.httpMethod() == null ? "POST" : info.httpMethod().name();
    String id = info.operationIdentifier();
    if (id != null && !id.isEmpty()) {
      // JSON protocol ("DynamoDB_20120810.PutItem") and query protocol ("AssumeRoleWithSAML")
      int dot = id.lastIndexOf('.');
      return new OperationBinding(
          id.substring(dot + 1),
          method,
          PathTemplate.of("/"),
          Map.of(),
          Set.of(),
          Set.of(),
          dot < 0 ? "" : id,
          false);
    }
    String uri = info.requestUri() == null ? "" : info.requestUri();
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    Map<String, String> literal = new HashMap<>();
    if (q >= 0) {
      for (String pair : uri.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        if (!pair.isEmpty()) {
          literal.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
      }
    }
    if (bucketInPath && (path.isEmpty() || path.startsWith("/{Key+}"))) {
      // S3 models leave the bucket to endpoint rules; in path style it is the first segment
      path = "/{Bucket}" + path;
    }
    Set<String> query = new HashSet<>();
    Set<String> headers = new HashSet<>();
    Object builder = Class.forName(modelClass, true, loader).getMethod("builder").invoke(null);
    SdkPojo model = (SdkPojo) ((SdkBuilder<?, ?>) builder).build();
    for (SdkField<?> field : model.sdkFields()) {
      if (!field.containsTrait(RequiredTrait.class)) {
        continue;
      }
      if (field.location() == MarshallLocation.QUERY_PARAM) {
        query.add(field.locationName());
      } else if (field.location() == MarshallLocation.HEADER) {
        headers.add(field.locationName().toLowerCase(java.util.Locale.ROOT));
      }
    }
    return new OperationBinding(
        classOp, method, PathTemplate.of(path), literal, query, headers, "", true);
  }

  /** The marshaller class file names in the service's transform package. */
  private static List<String> marshallerNames(ClassLoader loader, String dir) {
    List<String> names = new ArrayList<>();
    URL url = loader.getResource(dir);
    if (url == null) {
      return names;
    }
    try {
      if ("jar".equals(url.getProtocol())) {
        JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile();
        for (var entry : Collections.list(jar.entries())) {
          String n = entry.getName();
          if (n.startsWith(dir) && n.endsWith(SUFFIX) && n.indexOf('/', dir.length()) < 0) {
            names.add(n.substring(dir.length()));
          }
        }
      } else if ("file".equals(url.getProtocol())) {
        String[] files = new File(url.toURI()).list((d, n) -> n.endsWith(SUFFIX));
        names.addAll(List.of(files == null ? new String[0] : files));
      }
    } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
      LOG.warn("aws-recognize: cannot list {}: {}", dir, e.toString());
    }
    Collections.sort(names);
    return names;
  }
}
