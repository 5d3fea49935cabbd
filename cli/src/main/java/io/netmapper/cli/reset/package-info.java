/** {@code netmapper reset}: asks the mapper to forget the map. */
package io.netmapper.cli.reset;
