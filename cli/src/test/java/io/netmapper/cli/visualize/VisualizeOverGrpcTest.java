package io.netmapper.cli.visualize;

import static org.assertj.core.api.Assertions.assertThat;

import io.netmapper.cli.testing.CliRunner;
import io.netmapper.cli.testing.FakeMapper;
import io.netmapper.cli.testing.SampleIntents;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * {@code netmapper visualize} against a real gRPC MapperService, rendered by the real Graphviz
 * {@code dot}.
 */
class VisualizeOverGrpcTest {
  @TempDir Path home;
  @TempDir Path work;
  FakeMapper mapper;
  CliRunner cli;

  @BeforeEach
  void start() throws Exception {
    mapper = new FakeMapper(SampleIntents.all());
    cli = new CliRunner(home);
  }

  @AfterEach
  void stop() throws Exception {
    mapper.close();
  }

  @Test
  void png_isARealImageThatDecodes() throws Exception {
    Path png = work.resolve("map.png");
    CliRunner.Result r = cli.run("visualize", "--mapper-url", mapper.url(), "-o", png.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isGreaterThan(200);
    assertThat(image.getHeight()).isGreaterThan(100);
  }

  @Test
  void svg_parsesAsXml_withANodePerEndpointAndAClusterPerNamespace() throws Exception {
    Path svg = work.resolve("map.svg");
    CliRunner.Result r = cli.run("visualize", "--mapper-url", mapper.url(), "-o", svg.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document doc = f.newDocumentBuilder().parse(svg.toFile());
    assertThat(doc.getDocumentElement().getNodeName()).isEqualTo("svg");
    String text = doc.getDocumentElement().getTextContent();
    assertThat(text)
        .contains(
            "orders.shop",
            "frontend.shop",
            "kafka.kafka",
            "catalog.catalog",
            "report-job.batch",
            "namespace shop",
            "namespace kafka",
            "kubernetes.default",
            "api.stripe.com",
            "arn:aws:s3:::shop-invoices",
            "GET,POST /orders",
            "topic orders: describe,produce",
            "port 5432");
    NodeList groups = doc.getElementsByTagName("g");
    long clusters = 0;
    for (int i = 0; i < groups.getLength(); i++) {
      if ("cluster".equals(groups.item(i).getAttributes().getNamedItem("class").getNodeValue())) {
        clusters++;
      }
    }
    assertThat(clusters).isEqualTo(4); // batch, catalog, kafka, shop
  }

  @Test
  void dot_containsEveryEdge_andDrawsInternetAndAwsApart() throws Exception {
    Path dot = work.resolve("map.gv");
    CliRunner.Result r = cli.run("visualize", "--mapper-url", mapper.url(), "-o", dot.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    String text = Files.readString(dot);
    assertThat(text)
        .startsWith("digraph netmapper {")
        .contains(
            "\"frontend.shop\" -> \"orders.shop\" [label=\"port 8080\\nGET,POST /orders\\nGET /orders/{id}\"];")
        .contains("\"frontend.shop\" -> \"catalog.catalog\" [label=\"port 9000\"];")
        .contains(
            "\"orders.shop\" -> \"kafka.kafka\" [label=\"port 9092\\ntopic orders: describe,produce\\ntopic payments: consume\"];")
        .contains("\"orders.shop\" -> \"postgres.shop\" [label=\"port 5432\"];")
        .contains("\"orders.shop\" -> \"kubernetes.default\" [label=\"port 443\"];")
        .contains(
            "\"orders.shop\" -> \"internet:api.stripe.com|203.0.113.10\" [label=\"port 443\"];")
        .contains(
            "\"orders.shop\" -> \"aws:arn:aws:s3:::shop-invoices\" [label=\"s3:GetObject\\ns3:PutObject\"];")
        .contains("\"catalog.catalog\" -> \"internet:|198.51.100.7\" [label=\"port 80\"];")
        .contains(
            "\"internet:|192.0.2.44\" -> \"frontend.shop\" [label=\"port 443\", color=\"#d93025\", style=dashed];")
        .contains(
            "\"report-job.batch\" -> \"orders.shop\" [label=\"port 8080\\nGET,HEAD /reports\"];")
        .contains("\"frontend.shop\" -> \"unknown\" [label=\"port 7000\"];")
        .contains(
            "\"internet:api.stripe.com|203.0.113.10\" [label=\"Internet\\napi.stripe.com\", shape=ellipse")
        .contains(
            "\"aws:arn:aws:s3:::shop-invoices\" [label=\"AWS\\narn:aws:s3:::shop-invoices\", shape=cylinder")
        .contains(
            "\"kubernetes.default\" [label=\"Kubernetes API\\nkubernetes.default\", shape=hexagon");
    assertThat(text.lines().filter(l -> l.contains(" -> ")).count()).isEqualTo(11);
  }

  @Test
  void formatFlag_overridesTheExtension() throws Exception {
    Path out = work.resolve("map.out");
    CliRunner.Result r =
        cli.run("visualize", "--mapper-url", mapper.url(), "-o", out.toString(), "--format", "svg");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Files.readString(out)).contains("<svg");
  }

  @Test
  void unknownExtension_isAUsageError_andNothingIsFetchedOrWritten() {
    Path out = work.resolve("map.gif");
    CliRunner.Result r = cli.run("visualize", "--mapper-url", mapper.url(), "-o", out.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "error: cannot tell the format from 'map.gif': use a .png, .jpg, .svg, .dot or .gv file"
                + " name, or --format png|jpg|svg|dot\n");
    assertThat(out).doesNotExist();
    assertThat(mapper.listRequests()).isEmpty();
  }

  @Test
  void missingGraphviz_saysHowToInstallIt_andWritesNothing() {
    Path out = work.resolve("map.png");
    CliRunner.Result r =
        cli.env("PATH", work.toString())
            .run("visualize", "--mapper-url", mapper.url(), "-o", out.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "Graphviz 'dot' was not found on PATH; install Graphviz (Debian/Ubuntu:"
                + " apt-get install -y graphviz")
        .doesNotContain("at io.netmapper");
    assertThat(out).doesNotExist();
  }
}
