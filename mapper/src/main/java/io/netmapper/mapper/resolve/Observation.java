package io.netmapper.mapper.resolve;

import io.netmapper.mapper.store.Evidence;
import java.util.List;

/** What a reporter saw, validated and in canonical form, before identities are resolved. */
public sealed interface Observation {
  /** Observation time used for IP → pod lookups (the last time it was seen). */
  long lastSeenMillis();

  /** Metric label of the observation kind. */
  String kind();

  /** Which pod owns a socket or process, when the node knew it. */
  record ProcessRef(String podUid, boolean hostNetwork) {
    public static final ProcessRef NONE = new ProcessRef("", false);

    public boolean known() {
      return !podUid.isEmpty();
    }
  }

  record Dns(long firstSeenMillis, long lastSeenMillis, long count, String node, String clientIp,
             ProcessRef clientProcess, String queryName, List<String> ips) implements Observation {
    @Override
    public String kind() {
      return "dns";
    }
  }

  record Connection(long firstSeenMillis, long lastSeenMillis, long count, String node, String clientIp,
                    int clientPort, String serverIp, int serverPort, Evidence evidence,
                    ProcessRef clientProcess, ProcessRef serverProcess) implements Observation {
    @Override
    public String kind() {
      return "connection";
    }
  }

  /** A listening socket on a node, reported so a hostNetwork server can be named by node IP + port. */
  record Listener(long lastSeenMillis, String node, String ip, int port, ProcessRef process) implements Observation {
    @Override
    public String kind() {
      return "listener";
    }
  }
}
