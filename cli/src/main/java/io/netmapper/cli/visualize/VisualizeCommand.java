package io.netmapper.cli.visualize;

import io.netmapper.cli.CliException;
import io.netmapper.cli.NetmapperCommand;
import io.netmapper.cli.OutputPaths;
import io.netmapper.cli.QueryOptions;
import io.netmapper.cli.map.MapQuery;
import io.netmapper.cli.map.ServiceMap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code netmapper visualize}: the map drawn as PNG, SVG or DOT. */
@Command(
    name = "visualize",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Draw the map: nodes name.namespace grouped by namespace, edges labelled with ports,"
            + " HTTP paths and Kafka topics; Internet and AWS targets drawn apart. PNG and SVG need Graphviz's"
            + " 'dot' (apt-get install -y graphviz).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  netmapper visualize -o map.png",
      "  netmapper visualize -o map.svg -n shop",
      "  netmapper visualize -o map.gv --format dot"
    })
public final class VisualizeCommand implements Callable<Integer> {
  /** Above this many edges dot's layout time grows to minutes (docs/benchmarks.md). */
  static final int LARGE_MAP_EDGES = 400;

  private final NetmapperCommand root;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "The file to write (required).")
  Path output;

  /** Otterize's name for -o; a separate option so that messages keep naming --output. */
  @Option(names = "--output-path", paramLabel = "FILE", description = "Same as -o/--output.")
  void outputPath(Path path) {
    this.output = path;
  }

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "png, jpg (jpeg), svg or dot; default: from the file extension (.png, .jpg/.jpeg, .svg, .dot/.gv).")
  GraphFormat format;

  @Option(
      names = "--as-kubernetes-service",
      description = "Name a server by the Kubernetes Service the client called, when seen.")
  boolean asKubernetesService;

  @Mixin QueryOptions query;

  public VisualizeCommand(NetmapperCommand root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    if (output == null) {
      throw CliException.usage("Missing required option: '--output=FILE'");
    }
    MapQuery q = query.toQuery();
    GraphFormat f =
        format != null
            ? format
            : GraphFormat.fromExtension(output)
                .orElseThrow(
                    () ->
                        CliException.usage(
                            "cannot tell the format from '"
                                + output.getFileName()
                                + "': use a .png, .jpg, .svg, .dot or .gv file name, or --format png|jpg|svg|dot"));
    OutputPaths.checkWritableFile(output);
    GraphvizRunner graphviz = new GraphvizRunner(root.cliContext().env());
    ServiceMap map = root.fetchMap(q);
    if (asKubernetesService) {
      map = io.netmapper.cli.map.MapViews.asKubernetesServices(map);
    }
    if (map.isEmpty()) {
      root.info().println("No connections found; drawing an empty map.");
    }
    if (f != GraphFormat.DOT && map.edges().size() > LARGE_MAP_EDGES) {
      root.info()
          .println(
              "note: "
                  + map.edges().size()
                  + " edges: Graphviz may take minutes on a map"
                  + " this large; draw a part of it with -n/--server/--exclude-services, or write --format dot");
      root.info().flush();
    }
    String dot = DotRenderer.render(map);
    byte[] bytes =
        f == GraphFormat.DOT ? dot.getBytes(StandardCharsets.UTF_8) : graphviz.render(dot, f);
    OutputPaths.write(output, bytes);
    root.info().println("Wrote " + f + " with " + map.edges().size() + " edge(s) to " + output);
    root.info().flush();
    return 0;
  }
}
