/**
 * The {@code netmapper} command line. {@link io.netmapper.cli.Main} wires the real process into
 * {@link io.netmapper.cli.Cli}; {@link io.netmapper.cli.NetmapperCommand} holds the global options.
 * Subpackages by concern: {@code connect} (reaching the mapper), {@code map} (the model), {@code
 * list}, {@code export}, {@code visualize}, {@code reset}, {@code meta} (version, completion),
 * {@code config}.
 */
package io.netmapper.cli;
