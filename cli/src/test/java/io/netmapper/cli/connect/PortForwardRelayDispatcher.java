package io.netmapper.cli.connect;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fabric8 mock API server in CRUD mode, plus a working pod port-forward: a request to {@code
 * /api/v1/namespaces/NS/pods/NAME/portforward?ports=P} is upgraded to a WebSocket that speaks the
 * Kubernetes port-forward protocol (two port frames, then channel 0 data / channel 1 errors) and
 * relays the bytes to a real TCP port on 127.0.0.1 (the "pod"). CRUD mode alone cannot
 * port-forward.
 */
final class PortForwardRelayDispatcher extends Dispatcher {
  private static final Pattern PORT_FORWARD =
      Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/portforward\\?ports=(\\d+)");

  private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
  private final List<String> forwards = new CopyOnWriteArrayList<>();
  private volatile int podPort;
  private volatile String forbiddenPrefix;

  /**
   * Answers 403 Forbidden (a Status, as the API server does) to every request whose path starts
   * with this.
   */
  void forbid(String pathPrefix) {
    this.forbiddenPrefix = pathPrefix;
  }

  /** Where the "pod" listens: the relay connects every forwarded connection there. */
  void podListensOn(int port) {
    this.podPort = port;
  }

  /** "namespace/pod:port" of every port-forward the client opened. */
  List<String> forwards() {
    return forwards;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String forbidden = forbiddenPrefix;
    if (forbidden != null && request.getPath().startsWith(forbidden)) {
      return new MockResponse()
          .setResponseCode(403)
          .setHeader("Content-Type", "application/json")
          .setBody(
              "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403,"
                  + "\"message\":\"services \\\"netmapper-mapper\\\" is forbidden: User \\\"dev\\\" cannot get resource"
                  + " \\\"services\\\" in API group \\\"\\\" in the namespace \\\"netmapper-system\\\"\"}");
    }
    Matcher m = PORT_FORWARD.matcher(request.getPath());
    if (m.matches()) {
      forwards.add(m.group(1) + "/" + m.group(2) + ":" + m.group(3));
      return new MockResponse()
          .withWebSocketUpgrade(new Relay(Integer.parseInt(m.group(3)), podPort));
    }
    return crud.dispatch(request);
  }

  private static final class Relay extends WebSocketListener {
    private final int requestedPort;
    private final int target;
    private volatile Socket socket;

    Relay(int requestedPort, int target) {
      this.requestedPort = requestedPort;
      this.target = target;
    }

    @Override
    public void onOpen(WebSocket ws, Response response) {
      byte lo = (byte) (requestedPort & 0xFF);
      byte hi = (byte) ((requestedPort >> 8) & 0xFF);
      ws.send(new byte[] {0, lo, hi});
      ws.send(new byte[] {1, lo, hi});
      try {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", target), 2_000);
        socket = s;
      } catch (IOException e) {
        byte[] msg =
            ("error forwarding port " + requestedPort + ": connection refused")
                .getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[msg.length + 1];
        frame[0] = 1;
        System.arraycopy(msg, 0, frame, 1, msg.length);
        ws.send(frame);
        ws.close(1000, "pod port closed");
        return;
      }
      Thread pump =
          new Thread(
              () -> {
                byte[] buf = new byte[8192];
                try (InputStream in = socket.getInputStream()) {
                  int n;
                  while ((n = in.read(buf)) >= 0) {
                    byte[] frame = new byte[n + 1];
                    System.arraycopy(buf, 0, frame, 1, n);
                    ws.send(frame);
                  }
                } catch (IOException ignored) {
                  // socket closed: the forward is over
                }
                ws.close(1000, "pod closed the connection");
              },
              "port-forward-relay");
      pump.setDaemon(true);
      pump.start();
    }

    @Override
    public void onMessage(WebSocket ws, byte[] frame) {
      Socket s = socket;
      if (s == null || frame.length < 2 || frame[0] != 0) {
        return;
      }
      try {
        OutputStream out = s.getOutputStream();
        out.write(frame, 1, frame.length - 1);
        out.flush();
      } catch (IOException e) {
        ws.close(1011, "pod write failed");
      }
    }

    @Override
    public void onClosing(WebSocket ws, int code, String reason) {
      close();
    }

    @Override
    public void onClosed(WebSocket ws, int code, String reason) {
      close();
    }

    private void close() {
      Socket s = socket;
      if (s != null) {
        try {
          s.close();
        } catch (IOException ignored) {
          // already closed
        }
      }
    }
  }
}
