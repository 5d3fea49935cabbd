package io.netmapper.aws.bench;

import io.netmapper.aws.proxy.FakeAws;
import io.netmapper.aws.proxy.ProxyHarness;
import io.netmapper.aws.proxy.TestPki;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Random;
import javax.net.ssl.SSLContext;

/**
 * Proxy overhead on loopback, both legs TLS: small-request latency (p50/p99) and 10 MiB PUT/GET
 * throughput, through the proxy vs straight to the fake AWS. Run: {@code ./mvnw -q -B -o -pl
 * aws-visibility test-compile exec:java ...} or see DESIGN.md.
 */
public final class ProxyBench {

  private static final String HOST = "s3.eu-central-1.amazonaws.com";

  public static void main(String[] args) throws Exception {
    int small = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int big = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    try (var fake = new FakeAws();
        var h = new ProxyHarness(fake)) {
      SSLContext both =
          TestPki.sslContext(
              TestPki.trusting(h.ca.certificate(), TestPki.FAKE_PUBLIC_CA.certificate()));
      HttpClient client =
          HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(both).build();
      URI direct = URI.create("https://" + HOST + ":" + fake.httpsPort());
      URI proxied = URI.create("https://" + HOST + ":" + h.proxy.httpsPort());
      byte[] body = new byte[10 << 20];
      new Random(1).nextBytes(body);
      System.out.printf(
          "%-8s %10s %10s %14s %14s%n", "path", "p50 ms", "p99 ms", "PUT MiB/s", "GET MiB/s");
      for (int round = 0; round < 2; round++) {
        for (var target : new URI[] {direct, proxied}) {
          double[] lat = latencies(client, target, small);
          double put = throughput(client, target, body, big, true);
          double get = throughput(client, target, body, big, false);
          if (round == 1) {
            System.out.printf(
                "%-8s %10.3f %10.3f %14.1f %14.1f%n",
                target == direct ? "direct" : "proxy", lat[0], lat[1], put, get);
          }
        }
      }
    }
  }

  private static double[] latencies(HttpClient client, URI base, int n) throws Exception {
    var request = HttpRequest.newBuilder(base.resolve("/status/200")).build();
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      client.send(request, HttpResponse.BodyHandlers.discarding());
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return new double[] {ms[n / 2], ms[(int) (n * 0.99)]};
  }

  private static double throughput(HttpClient client, URI base, byte[] body, int n, boolean put)
      throws Exception {
    URI object = base.resolve("/bench/object.bin");
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      if (put) {
        client.send(
            HttpRequest.newBuilder(object)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.discarding());
      } else {
        HttpResponse<InputStream> r =
            client.send(
                HttpRequest.newBuilder(object).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
          in.transferTo(OutputStream.nullOutputStream());
        }
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return n * (body.length / (1024.0 * 1024.0)) / seconds;
  }
}
