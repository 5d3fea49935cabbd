package io.netmapper.istiowatcher.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.istiowatcher.testing.EnvoyStats;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsParserTest {
  final StatsParser parser = new StatsParser();

  static final class Collected implements StatsParser.Sink {
    final Map<RequestSeries, Long> series = new LinkedHashMap<>();
    final List<String> malformed = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();
    double uptime = -1;

    @Override
    public void request(RequestSeries s, long value) {
      series.merge(s, value, Long::sum);
    }

    @Override
    public void uptime(double seconds) {
      uptime = seconds;
    }

    @Override
    public void malformed(String reason) {
      malformed.add(reason);
    }

    @Override
    public void skipped(String reason) {
      skipped.add(reason);
    }
  }

  Collected parse(String text) {
    Collected c = new Collected();
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    StatsParser.Summary s = parser.parse(b, b.length, c);
    assertThat(s.malformed()).isEqualTo(c.malformed.size());
    return c;
  }

  static RequestSeries series(String reporter, String path) {
    return new RequestSeries(reporter, "web", "shop", "catalog", "shop", "catalog", "GET", path);
  }

  @Test
  void envoyPage_yieldsRequestSeriesAndUptime_otherMetricsIgnored() {
    Collected c =
        parse(
            EnvoyStats.page()
                .uptime(3600)
                .requests(
                    "destination",
                    "shop",
                    "web",
                    "shop",
                    "catalog",
                    "catalog",
                    "GET",
                    "/api/products",
                    200,
                    12)
                .requests(
                    "destination",
                    "shop",
                    "web",
                    "shop",
                    "catalog",
                    "catalog",
                    "GET",
                    "/api/products",
                    503,
                    3)
                .requests(
                    "source",
                    "shop",
                    "web",
                    "shop",
                    "catalog",
                    "catalog",
                    "GET",
                    "/api/products",
                    200,
                    15)
                .build());
    assertThat(c.series)
        .containsOnly(
            Map.entry(series("destination", "/api/products"), 15L),
            Map.entry(series("source", "/api/products"), 15L));
    assertThat(c.uptime).isEqualTo(3600.0);
    assertThat(c.malformed).isEmpty();
  }

  @Test
  void pathsKeepEveryCharacter_dotsEscapedQuotesBackslashesNewlinesUtf8() {
    List<String> paths =
        List.of(
            "/v1.2/items/a.b.json",
            "/q/\"quoted\"",
            "/back\\slash",
            "/line\nbreak",
            "/caf\u00e9/\u65e5\u672c/\ud83d\ude00",
            "/a,b}c{d=e",
            "/%2e%2e/x?y=1&z=\"2\"");
    EnvoyStats page = EnvoyStats.page();
    paths.forEach(
        p ->
            page.requests(
                "destination", "shop", "web", "shop", "catalog", "catalog", "GET", p, 200, 1));
    Collected c = parse(page.build());
    assertThat(c.series.keySet()).extracting(RequestSeries::path).containsExactlyElementsOf(paths);
    assertThat(c.malformed).isEmpty();
  }

  @Test
  void formatEdgeCases_spacesCrlfTrailingCommaTimestampsFloatsNoLabels() {
    Collected c =
        parse(
            "# HELP istio_requests_total requests\r\n"
                + "istio_requests_total{reporter=\"source\", request_method = \"GET\" ,request_path=\"/a\",} 5 1700000000000\r\n"
                + "\t istio_requests_total{request_method=\"GET\",request_path=\"/b\"}\t7.0e0\n"
                + "istio_requests_total{request_method=\"GET\",request_path=\"/c\"} 1.5\n"
                + "\n   \n"
                + "istio_requests_total 9\n"
                + "envoy_server_uptime 12.0\n"
                + "istio_requests_total_other{request_method=\"GET\",request_path=\"/not-this\"} 1\n");
    assertThat(c.series)
        .containsOnly(
            Map.entry(new RequestSeries("source", "", "", "", "", "", "GET", "/a"), 5L),
            Map.entry(new RequestSeries("", "", "", "", "", "", "GET", "/b"), 7L),
            Map.entry(new RequestSeries("", "", "", "", "", "", "GET", "/c"), 1L));
    assertThat(c.skipped).containsExactly(StatsParser.MISSING_REQUEST_TAGS);
    assertThat(c.uptime).isEqualTo(12.0);
    assertThat(c.malformed).isEmpty();
  }

  @Test
  void seriesWithoutTheTelemetryTags_areSkippedWithAReason() {
    Collected c =
        parse(
            "istio_requests_total{reporter=\"source\",source_workload=\"web\",response_code=\"200\"} 4\n"
                + "istio_requests_total{request_method=\"\",request_path=\"/x\"} 4\n");
    assertThat(c.series).isEmpty();
    assertThat(c.skipped)
        .containsExactly(StatsParser.MISSING_REQUEST_TAGS, StatsParser.MISSING_REQUEST_TAGS);
  }

  @Test
  void malformedLines_areCountedAndSkipped_theRestIsRead() {
    Collected c =
        parse(
            "istio_requests_total{request_method=\"GET\",request_path=\"/unterminated} 1\n"
                + "istio_requests_total{request_method=\"GET\" request_path=\"/nocomma\"} 1\n"
                + "istio_requests_total{request_method=GET,request_path=\"/unquoted\"} 1\n"
                + "istio_requests_total{request_method=\"GET\",request_path=\"/novalue\"}\n"
                + "istio_requests_total{request_method=\"GET\",request_path=\"/neg\"} -1\n"
                + "istio_requests_total{request_method=\"GET\",request_path=\"/nan\"} NaN\n"
                + "istio_requests_total{request_method=\"GET\",request_path=\"/word\"} many\n"
                + "istio_requests_total{request_method=\"GET\",request_path=\"/ts\"} 1 soon\n"
                + "istio_requests_total{request_method=\"GET\",request_path=\"/glued\"}1\n"
                + "{\"json\": true}\n"
                + "istio_requests_total{request_method=\"GET\",request_path=\"/escaped-eol\\\n"
                + "istio_requests_total{request_method=\"GET\",request_path=\"/good\"} 2\n");
    assertThat(c.series)
        .containsOnly(Map.entry(new RequestSeries("", "", "", "", "", "", "GET", "/good"), 2L));
    assertThat(c.malformed)
        .containsExactly(
            StatsParser.BAD_LABELS,
            StatsParser.BAD_LABELS,
            StatsParser.BAD_LABELS,
            StatsParser.BAD_VALUE,
            StatsParser.BAD_VALUE,
            StatsParser.BAD_VALUE,
            StatsParser.BAD_VALUE,
            StatsParser.BAD_VALUE,
            StatsParser.BAD_VALUE,
            StatsParser.BAD_LINE,
            StatsParser.BAD_LABELS);
  }

  @Test
  void htmlOrJsonBody_doesNotLookLikePrometheus_butAnEmptyPageDoes() {
    byte[] html =
        "<html>\n<body>Service Unavailable</body>\n</html>\n".getBytes(StandardCharsets.UTF_8);
    assertThat(parser.parse(html, html.length, new Collected()).looksLikePrometheus()).isFalse();
    byte[] json = "{\"stats\": []}".getBytes(StandardCharsets.UTF_8);
    assertThat(parser.parse(json, json.length, new Collected()).looksLikePrometheus()).isFalse();
    byte[] empty = new byte[0];
    assertThat(parser.parse(empty, 0, new Collected()).looksLikePrometheus()).isTrue();
  }

  @Test
  void onlyTheGivenLengthIsRead_andALastLineWithoutNewlineCounts() {
    String text = "istio_requests_total{request_method=\"GET\",request_path=\"/a\"} 3";
    byte[] padded = (text + "GARBAGE-after-length").getBytes(StandardCharsets.UTF_8);
    Collected c = new Collected();
    parser.parse(padded, text.length(), c);
    assertThat(c.series)
        .containsOnly(Map.entry(new RequestSeries("", "", "", "", "", "", "GET", "/a"), 3L));
  }

  @Test
  void longPagesAcrossWordBoundaries_readEverySeries() {
    EnvoyStats page = EnvoyStats.page();
    for (int i = 0; i < 300; i++) {
      page.requests(
          "destination",
          "ns-" + (i % 3),
          "w" + "x".repeat(i % 17),
          "shop",
          "catalog",
          "catalog",
          i % 2 == 0 ? "GET" : "POST",
          "/p/" + "\"".repeat(i % 3) + "\\".repeat(i % 2) + i,
          200,
          i + 1);
    }
    Collected c = parse(page.build());
    assertThat(c.series).hasSize(300);
    assertThat(c.series.keySet())
        .extracting(RequestSeries::path)
        .contains("/p/\"\"\\5", "/p/0", "/p/\"\\1");
    assertThat(c.malformed).isEmpty();
  }

  @Test
  void unknownEscape_isKeptAsWritten() {
    byte[] b = "/a\\tb\\\\c\\\"d".getBytes(StandardCharsets.UTF_8);
    assertThat(StatsParser.decode(b, 0, b.length)).isEqualTo("/a\\tb\\c\"d");
  }
}
