package io.netmapper.cli.meta;

import io.netmapper.cli.NetmapperCommand;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netmapper completion bash|zsh}: a shell completion script on stdout. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = "Print a shell completion script for bash or zsh.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  source <(netmapper completion bash)                   # bash, this shell",
      "  netmapper completion bash > /etc/bash_completion.d/netmapper",
      "  source <(netmapper completion zsh)                    # zsh (uses bashcompinit)"
    })
public final class CompletionCommand implements Callable<Integer> {
  /** Supported shells. */
  public enum Shell {
    BASH,
    ZSH;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final NetmapperCommand root;

  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SHELL",
      description = "bash or zsh. Accepted: ${COMPLETION-CANDIDATES}.")
  Shell shell;

  public CompletionCommand(NetmapperCommand root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    CommandLine top = spec.commandLine();
    while (top.getParent() != null) {
      top = top.getParent();
    }
    String script = AutoComplete.bash("netmapper", top);
    if (shell == Shell.ZSH) {
      script =
          "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"
              + script;
    }
    root.cliContext().out().print(script);
    root.cliContext().out().flush();
    return 0;
  }
}
