package io.netmapper.cli.reset;

import io.netmapper.cli.NetmapperCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code netmapper reset}: the mapper forgets every intent it has seen. */
@Command(
    name = "reset",
    mixinStandardHelpOptions = true,
    description = "Make the mapper forget everything it has seen so far; mapping starts afresh.",
    footerHeading = "%nExamples:%n",
    footer = {"  netmapper reset", "  netmapper reset --mapper-url 127.0.0.1:9090"})
public final class ResetCommand implements Callable<Integer> {
  private final NetmapperCommand root;

  public ResetCommand(NetmapperCommand root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    long forgotten = root.withMapper(client -> client.reset());
    root.cliContext()
        .out()
        .println(
            "Reset the map: the mapper forgot "
                + (forgotten < 0 ? "its" : forgotten + "")
                + " intent(s) and starts"
                + " mapping afresh.");
    root.cliContext().out().flush();
    return 0;
  }
}
