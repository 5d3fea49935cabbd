/**
 * Where option values come from: flag, then {@code NETMAPPER_*} environment, then {@code
 * ~/.netmapper/config.yaml}, then the built-in default.
 */
package io.netmapper.cli.config;
