/** {@code netmapper version} and {@code netmapper completion}. */
package io.netmapper.cli.meta;
