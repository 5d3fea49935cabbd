package io.netmapper.cli;

import io.netmapper.cli.connect.ConnectionSettings;
import io.netmapper.cli.connect.MapperClient;
import io.netmapper.cli.connect.MapperConnector;
import io.netmapper.cli.connect.MapperSession;
import io.netmapper.cli.map.MapQuery;
import io.netmapper.cli.map.ServiceMap;
import io.netmapper.cli.meta.VersionProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command: global options (inherited by every subcommand) and how to reach the mapper. */
@Command(
    name = "netmapper",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Zero-config network mapper for Kubernetes: list, export, visualize and reset the map.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  netmapper list",
      "  netmapper list -n shop --server orders.shop",
      "  netmapper export -o intents.yaml",
      "  netmapper export --output-version v1 --format json",
      "  netmapper visualize -o map.png",
      "  netmapper export --format networkpolicy -o policies/ --output-type dir",
      "  netmapper policy check -f policies/",
      "  netmapper reset",
      "  netmapper list --mapper-url 127.0.0.1:9090",
      "",
      "Every option can also be set as NETMAPPER_<OPTION> (e.g. NETMAPPER_MAPPER_NAMESPACE), as",
      "OTTERIZE_<OPTION> when the NETMAPPER_ one is unset, or as '<option>: value' in",
      "~/.netmapper/config.yaml (or --config FILE); a flag beats the environment beats the file.",
      "Otterize's spelling works too: netmapper network-mapper list (or: netmapper mapper list).",
      "Exit codes: 0 ok, 1 error, 2 usage error."
    })
public final class NetmapperCommand implements Runnable {
  @Spec CommandSpec spec;

  @Option(
      names = "--mapper-url",
      scope = ScopeType.INHERIT,
      paramLabel = "HOST:PORT",
      order = 1,
      description = "Talk to a mapper at this address directly (no Kubernetes).")
  String mapperUrl;

  @Option(
      names = "--kubeconfig",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      order = 2,
      description = "Kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--context",
      scope = ScopeType.INHERIT,
      paramLabel = "NAME",
      order = 3,
      description = "Kubeconfig context (default: its current-context).")
  String context;

  @Option(
      names = "--mapper-namespace",
      scope = ScopeType.INHERIT,
      defaultValue = "netmapper-system",
      paramLabel = "NS",
      order = 4,
      description = "Namespace of the mapper (default: ${DEFAULT-VALUE}).")
  String mapperNamespace;

  @Option(
      names = "--mapper-service-name",
      scope = ScopeType.INHERIT,
      defaultValue = "netmapper-mapper",
      paramLabel = "NAME",
      order = 5,
      description = "Name of the mapper Service (default: ${DEFAULT-VALUE}).")
  String mapperServiceName;

  @Option(
      names = "--mapper-service-port",
      scope = ScopeType.INHERIT,
      defaultValue = "9090",
      paramLabel = "PORT",
      order = 6,
      description = "Port of the mapper Service (default: ${DEFAULT-VALUE}).")
  int mapperServicePort;

  @Option(
      names = "--timeout",
      scope = ScopeType.INHERIT,
      defaultValue = "10s",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      order = 7,
      description =
          "How long to wait for the mapper, e.g. 10s, 1m, 500ms (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      order = 8,
      description = "Print stack traces and library logs on errors.")
  boolean debug;

  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      order = 9,
      description = "Print only results and errors (no progress or notes on stderr).")
  boolean quiet;

  @Option(
      names = "--config",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      order = 10,
      description = "Config file of 'option: value' pairs (default: ~/.netmapper/config.yaml).")
  Path config;

  private final CliContext cliContext;

  NetmapperCommand(CliContext context) {
    this.cliContext = context;
  }

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "missing command: choose one of list, export, visualize, reset, policy, version, completion");
  }

  boolean debug() {
    return debug;
  }

  /** Where notes and progress go: stderr, or nowhere with {@code -q/--quiet}. */
  public java.io.PrintWriter info() {
    return quiet ? new java.io.PrintWriter(java.io.Writer.nullWriter()) : cliContext.err();
  }

  public CliContext cliContext() {
    return this.cliContext;
  }

  public ConnectionSettings connectionSettings() {
    if (mapperServicePort < 1 || mapperServicePort > 65535) {
      throw CliException.usage("--mapper-service-port must be 1-65535, got " + mapperServicePort);
    }
    return new ConnectionSettings(
        mapperUrl,
        kubeconfig,
        context,
        mapperNamespace,
        mapperServiceName,
        mapperServicePort,
        timeout,
        cliContext.env(),
        cliContext.home());
  }

  /** Opens a session to the mapper, runs {@code work} with a client, closes the session. */
  public <T> T withMapper(Function<MapperClient, T> work) {
    ConnectionSettings settings = connectionSettings();
    try (MapperSession session = MapperConnector.open(settings)) {
      return work.apply(new MapperClient(session, settings.timeout()));
    }
  }

  /** Fetches the map for {@code query} (validated before anything is contacted). */
  public ServiceMap fetchMap(MapQuery query) {
    return withMapper(client -> client.fetchMap(query));
  }
}
