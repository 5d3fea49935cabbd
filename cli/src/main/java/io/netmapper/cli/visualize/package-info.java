/** {@code netmapper visualize}: DOT rendering of the map and Graphviz ({@code dot}) for PNG/SVG. */
package io.netmapper.cli.visualize;
