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
    description = "Print a shell completion script for bash, zsh, fish or PowerShell.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  source <(netmapper completion bash)                   # bash, this shell",
      "  netmapper completion bash > /etc/bash_completion.d/netmapper",
      "  source <(netmapper completion zsh)                    # zsh (uses bashcompinit)",
      "  netmapper completion fish > ~/.config/fish/completions/netmapper.fish",
      "  netmapper completion powershell | Out-String | Invoke-Expression"
    })
public final class CompletionCommand implements Callable<Integer> {
  /** Supported shells. */
  public enum Shell {
    BASH,
    ZSH,
    FISH,
    POWERSHELL;

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
      description = "bash, zsh, fish or powershell. Accepted: ${COMPLETION-CANDIDATES}.")
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
    String script =
        switch (shell) {
          case FISH -> OtherShells.fish(top);
          case POWERSHELL -> OtherShells.powershell(top);
          default -> AutoComplete.bash("netmapper", top);
        };
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
