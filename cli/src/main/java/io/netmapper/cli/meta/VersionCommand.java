package io.netmapper.cli.meta;

import io.netmapper.cli.NetmapperCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code netmapper version}. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Print the CLI version.",
    footerHeading = "%nExamples:%n",
    footer = "  netmapper version")
public final class VersionCommand implements Callable<Integer> {
  private final NetmapperCommand root;

  public VersionCommand(NetmapperCommand root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    root.cliContext().out().println(new VersionProvider().getVersion()[0]);
    root.cliContext().out().flush();
    return 0;
  }
}
