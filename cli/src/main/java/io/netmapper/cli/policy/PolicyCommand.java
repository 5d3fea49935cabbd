package io.netmapper.cli.policy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code netmapper policy}: NetworkPolicy tools (check). */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "NetworkPolicy tools: check policies against the observed map.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  netmapper policy check -f policies/",
      "  netmapper policy check --from-cluster -n shop",
      "",
      "Generate policies with: netmapper export --format networkpolicy"
    })
public final class PolicyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command: choose check");
  }
}
