package io.netmapper.cli.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Completion scripts picocli does not write (it writes bash): fish and PowerShell, generated from
 * the same command tree so that they never drift from the real options.
 */
final class OtherShells {
  private OtherShells() {}

  static String fish(CommandLine top) {
    String cmd = top.getCommandName();
    StringBuilder out = new StringBuilder("# fish completion for " + cmd + "\n");
    out.append("complete -c ").append(cmd).append(" -f\n");
    fishLevel(cmd, top, List.of(), out);
    return out.toString();
  }

  private static void fishLevel(
      String cmd, CommandLine level, List<String> path, StringBuilder out) {
    String condition =
        path.isEmpty()
            ? "__fish_use_subcommand"
            : "__fish_seen_subcommand_from " + path.get(path.size() - 1);
    for (Map.Entry<String, CommandLine> sub : level.getSubcommands().entrySet()) {
      out.append("complete -c ")
          .append(cmd)
          .append(" -n '")
          .append(condition)
          .append("' -a ")
          .append(sub.getKey())
          .append(" -d '")
          .append(quote(first(sub.getValue().getCommandSpec())))
          .append("'\n");
    }
    for (OptionSpec o : level.getCommandSpec().options()) {
      if (o.hidden()) {
        continue;
      }
      out.append("complete -c ").append(cmd);
      if (!path.isEmpty()) {
        out.append(" -n '").append(condition).append("'");
      }
      for (String name : o.names()) {
        if (name.startsWith("--")) {
          out.append(" -l ").append(name.substring(2));
        } else if (name.startsWith("-") && name.length() == 2) {
          out.append(" -s ").append(name.substring(1));
        }
      }
      if (o.arity().max() > 0) {
        out.append(" -r");
        if (o.completionCandidates() != null) {
          List<String> values = new ArrayList<>();
          o.completionCandidates().forEach(values::add);
          out.append(" -a '").append(String.join(" ", values)).append("'");
        } else if (o.type() == java.nio.file.Path.class) {
          out.append(" -F");
        }
      }
      out.append(" -d '")
          .append(quote(o.description().length == 0 ? "" : o.description()[0]))
          .append("'\n");
    }
    Map<String, CommandLine> subs = level.getSubcommands();
    java.util.Set<CommandLine> done = new java.util.HashSet<>();
    for (Map.Entry<String, CommandLine> sub : subs.entrySet()) {
      if (done.add(sub.getValue())) {
        List<String> next = new ArrayList<>(path);
        next.add(sub.getKey());
        fishLevel(cmd, sub.getValue(), next, out);
      }
    }
  }

  static String powershell(CommandLine top) {
    String cmd = top.getCommandName();
    StringBuilder table = new StringBuilder();
    psLevel(top, "", table);
    return "# PowerShell completion for "
        + cmd
        + "; load with: "
        + cmd
        + " completion powershell | Out-String | Invoke-Expression\n"
        + "$__netmapperWords = @{\n"
        + table
        + "}\n"
        + "Register-ArgumentCompleter -Native -CommandName '"
        + cmd
        + "' -ScriptBlock {\n"
        + "  param($wordToComplete, $commandAst, $cursorPosition)\n"
        + "  $path = ''\n"
        + "  foreach ($e in $commandAst.CommandElements | Select-Object -Skip 1) {\n"
        + "    $w = $e.ToString()\n"
        + "    if ($w -eq $wordToComplete) { break }\n"
        + "    $candidate = if ($path) { \"$path $w\" } else { $w }\n"
        + "    if ($__netmapperWords.ContainsKey($candidate)) { $path = $candidate }\n"
        + "  }\n"
        + "  $__netmapperWords[$path] | Where-Object { $_ -like \"$wordToComplete*\" } |\n"
        + "    ForEach-Object { [System.Management.Automation.CompletionResult]::new($_, $_,"
        + " 'ParameterValue', $_) }\n"
        + "}\n";
  }

  private static void psLevel(CommandLine level, String path, StringBuilder out) {
    List<String> words = new ArrayList<>(level.getSubcommands().keySet());
    for (OptionSpec o : level.getCommandSpec().options()) {
      if (!o.hidden()) {
        words.addAll(List.of(o.names()));
      }
    }
    out.append("  '")
        .append(path)
        .append("' = @(")
        .append(String.join(", ", words.stream().map(w -> "'" + w + "'").toList()))
        .append(")\n");
    java.util.Set<CommandLine> done = new java.util.HashSet<>();
    for (Map.Entry<String, CommandLine> sub : level.getSubcommands().entrySet()) {
      if (done.add(sub.getValue())) {
        psLevel(sub.getValue(), path.isEmpty() ? sub.getKey() : path + " " + sub.getKey(), out);
      }
    }
  }

  private static String first(CommandSpec spec) {
    String[] d = spec.usageMessage().description();
    return d.length == 0 ? "" : d[0];
  }

  private static String quote(String s) {
    String oneLine = s.replace("\n", " ").replace("${DEFAULT-VALUE}", "").replace("'", "\\'");
    return oneLine.length() > 80 ? oneLine.substring(0, 77) + "..." : oneLine;
  }
}
