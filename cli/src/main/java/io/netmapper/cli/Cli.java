package io.netmapper.cli;

import io.netmapper.cli.config.ConfigDefaults;
import io.netmapper.cli.export.ExportCommand;
import io.netmapper.cli.export.ExportFormat;
import io.netmapper.cli.export.OutputVersion;
import io.netmapper.cli.list.ListCommand;
import io.netmapper.cli.meta.CompletionCommand;
import io.netmapper.cli.meta.VersionCommand;
import io.netmapper.cli.reset.ResetCommand;
import io.netmapper.cli.visualize.GraphFormat;
import io.netmapper.cli.visualize.VisualizeCommand;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Builds the command tree and runs one invocation. Exit codes: 0 ok, 1 error, 2 usage error.
 * Expected failures print one {@code error: ...} line; stack traces only with {@code --debug}.
 */
public final class Cli {
  private Cli() {}

  public static int run(CliContext context, String... args) {
    ConfigDefaults defaults;
    try {
      defaults = ConfigDefaults.load(context.env(), context.home(), configFlag(args));
    } catch (CliException e) {
      context.err().println("error: " + e.getMessage());
      context.err().flush();
      return e.exitCode();
    }
    NetmapperCommand root = new NetmapperCommand(context);
    CommandLine cli =
        new CommandLine(root)
            .addSubcommand("list", new ListCommand(root))
            .addSubcommand("export", new ExportCommand(root))
            .addSubcommand("visualize", new VisualizeCommand(root))
            .addSubcommand("reset", new ResetCommand(root))
            .addSubcommand(
                "policy",
                new CommandLine(new io.netmapper.cli.policy.PolicyCommand())
                    .addSubcommand("check", new io.netmapper.cli.policy.PolicyCheckCommand(root)))
            .addSubcommand("version", new VersionCommand(root))
            .addSubcommand("completion", new CompletionCommand(root))
            .addSubcommand(
                "network-mapper",
                new CommandLine(new NetworkMapperCommand())
                    .addSubcommand("list", new ListCommand(root))
                    .addSubcommand("export", new ExportCommand(root))
                    .addSubcommand("visualize", new VisualizeCommand(root))
                    .addSubcommand("reset", new ResetCommand(root)));
    cli.registerConverter(ExportFormat.class, new EnumConverter<>(ExportFormat.class))
        .registerConverter(OutputVersion.class, new EnumConverter<>(OutputVersion.class))
        .registerConverter(
            ExportCommand.OutputType.class, new EnumConverter<>(ExportCommand.OutputType.class))
        .registerConverter(GraphFormat.class, new EnumConverter<>(GraphFormat.class))
        .registerConverter(
            CompletionCommand.Shell.class, new EnumConverter<>(CompletionCommand.Shell.class));
    cli.setDefaultValueProvider(defaults)
        .setOut(context.out())
        .setErr(context.err())
        .setParameterExceptionHandler(Cli::onUsageError)
        .setExecutionExceptionHandler((e, cmd, parsed) -> onFailure(e, root, context.err()));
    int code = cli.execute(args);
    context.out().flush();
    context.err().flush();
    return code;
  }

  /**
   * {@code --config FILE} decides where defaults come from, so it is read before picocli parses
   * (which applies those defaults); picocli still validates it as an ordinary option.
   */
  static java.nio.file.Path configFlag(String... args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--")) {
        return null;
      }
      if (args[i].equals("--config") && i + 1 < args.length) {
        return java.nio.file.Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return java.nio.file.Path.of(args[i].substring("--config=".length()));
      }
    }
    return null;
  }

  private static int onUsageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String message =
        e.getMessage() == null ? "invalid arguments" : e.getMessage().replace('\n', ' ').trim();
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String typed = u.getUnmatched().get(0);
      java.util.Set<String> known = new java.util.TreeSet<>(cmd.getSubcommands().keySet());
      if (typed.startsWith("-")) {
        cmd.getCommandSpec().options().forEach(o -> known.addAll(List.of(o.names())));
      }
      List<String> close = DidYouMean.suggest(typed, known);
      if (!close.isEmpty()) {
        message +=
            "; did you mean "
                + String.join(" or ", close.stream().map(x -> "'" + x + "'").toList())
                + "?";
      }
    }
    err.println(
        "error: " + message + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
    err.flush();
    return CliException.USAGE;
  }

  private static int onFailure(Exception e, NetmapperCommand root, PrintWriter err) {
    if (e instanceof CliException ce) {
      err.println("error: " + ce.getMessage());
      if (root.debug()) {
        e.printStackTrace(err);
      }
      err.flush();
      return ce.exitCode();
    }
    err.println(
        "error: unexpected failure: "
            + e
            + (root.debug() ? "" : " (run again with --debug for details)"));
    if (root.debug()) {
      e.printStackTrace(err);
    }
    err.flush();
    return CliException.ERROR;
  }
}
