package io.netmapper.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code netmapper network-mapper <verb>} (alias {@code mapper}): Otterize's command group, so that
 * scripts written for {@code otterize network-mapper list|export|visualize|reset} work with the
 * binary renamed. The verbs are the same commands as at the top level.
 */
@Command(
    name = "network-mapper",
    aliases = "mapper",
    mixinStandardHelpOptions = true,
    description =
        "Otterize's spelling: the same list, export, visualize and reset as at the top level.")
public final class NetworkMapperCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing command: choose one of list, export, visualize, reset");
  }
}
