package io.netmapper.mapper.persist;

import io.netmapper.mapper.store.IntentType;
import io.netmapper.mapper.store.IntentView;
import io.netmapper.mapper.store.Peer;
import io.netmapper.mapper.store.Workload;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One edge as a row: a key that names it and a compact binary body. The body starts with a format
 * byte, so a later format can read older rows (the schema's migrations cover columns, this covers
 * the body).
 */
final class EdgeCodec {
  private static final int FORMAT = 1;
  private static final byte WORKLOAD = 1;
  private static final byte API_SERVER = 2;
  private static final byte INTERNET = 3;
  private static final byte AWS = 4;

  private EdgeCodec() {}

  /** The row key: both ends (with the workload's apiVersion, as the in-memory key) and the type. */
  static String key(IntentView v) {
    return peerId(v.client()) + " " + peerId(v.server()) + " " + v.type().name();
  }

  private static String peerId(Peer p) {
    return p instanceof Peer.WorkloadPeer w ? p.key() + "@" + w.workload().apiVersion() : p.key();
  }

  /** The client's namespace, or "" (indexed: namespace filters can be pushed down later). */
  static String clientNamespace(IntentView v) {
    return v.client() instanceof Peer.WorkloadPeer w ? w.workload().namespace() : "";
  }

  static byte[] encode(IntentView v) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      peer(out, v.client());
      peer(out, v.server());
      out.writeByte(v.type().ordinal());
      out.writeShort(v.ports().length);
      for (int p : v.ports()) {
        out.writeShort(p);
      }
      strings(out, v.dnsNames());
      strings(out, v.serviceNames());
      strings(out, v.internetIps());
      out.writeInt(v.details().size());
      for (Map.Entry<String, Set<String>> e : v.details().entrySet()) {
        out.writeUTF(e.getKey());
        strings(out, new TreeSet<>(e.getValue()));
      }
      out.writeLong(v.firstSeenMillis());
      out.writeLong(v.lastSeenMillis());
      out.writeLong(v.count());
      out.writeInt(v.evidenceBits());
      labels(out, v.clientLabels());
      labels(out, v.serverLabels());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * @throws IllegalArgumentException for a body this version cannot read (a corrupt row)
   */
  static IntentView decode(byte[] body) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
      int format = in.readUnsignedByte();
      if (format != FORMAT) {
        throw new IllegalArgumentException("unknown edge format " + format);
      }
      Peer client = peer(in);
      Peer server = peer(in);
      IntentType type = IntentType.values()[in.readUnsignedByte()];
      int[] ports = new int[in.readUnsignedShort()];
      for (int i = 0; i < ports.length; i++) {
        ports[i] = in.readUnsignedShort();
      }
      List<String> dns = strings(in);
      List<String> services = strings(in);
      List<String> ips = strings(in);
      int details = in.readInt();
      Map<String, Set<String>> detail = new TreeMap<>();
      for (int i = 0; i < details; i++) {
        detail.put(in.readUTF(), Set.copyOf(strings(in)));
      }
      long first = in.readLong();
      long last = in.readLong();
      long count = in.readLong();
      int evidence = in.readInt();
      Map<String, String> clientLabels = labels(in);
      Map<String, String> serverLabels = labels(in);
      return new IntentView(
          client,
          server,
          type,
          ports,
          dns,
          services,
          ips,
          detail,
          first,
          last,
          count,
          evidence,
          clientLabels,
          serverLabels);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("unreadable edge row: " + e, e);
    }
  }

  private static void peer(DataOutputStream out, Peer p) throws IOException {
    if (p instanceof Peer.WorkloadPeer w) {
      out.writeByte(WORKLOAD);
      Workload wl = w.workload();
      out.writeUTF(wl.namespace());
      out.writeUTF(wl.name());
      out.writeUTF(wl.kind());
      out.writeUTF(wl.apiVersion());
    } else if (p instanceof Peer.ApiServer) {
      out.writeByte(API_SERVER);
    } else if (p instanceof Peer.Internet i) {
      out.writeByte(INTERNET);
      out.writeUTF(i.nameOrIp());
    } else if (p instanceof Peer.AwsResource a) {
      out.writeByte(AWS);
      out.writeUTF(a.arn());
    }
  }

  private static Peer peer(DataInputStream in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case WORKLOAD ->
          new Peer.WorkloadPeer(
              new Workload(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF()));
      case API_SERVER -> Peer.ApiServer.INSTANCE;
      case INTERNET -> new Peer.Internet(in.readUTF());
      case AWS -> new Peer.AwsResource(in.readUTF());
      default -> throw new IOException("unknown peer tag " + tag);
    };
  }

  private static void strings(DataOutputStream out, Collection<String> values) throws IOException {
    out.writeInt(values.size());
    for (String s : values) {
      out.writeUTF(s);
    }
  }

  private static List<String> strings(DataInputStream in) throws IOException {
    int n = in.readInt();
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(in.readUTF());
    }
    return List.copyOf(out);
  }

  private static void labels(DataOutputStream out, Map<String, String> labels) throws IOException {
    out.writeInt(labels.size());
    for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
      out.writeUTF(e.getKey());
      out.writeUTF(e.getValue());
    }
  }

  private static Map<String, String> labels(DataInputStream in) throws IOException {
    int n = in.readInt();
    Map<String, String> out = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      out.put(in.readUTF(), in.readUTF());
    }
    return Map.copyOf(out);
  }
}
