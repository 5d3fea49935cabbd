/** {@code netmapper list}: the map as indented text, Otterize's layout plus detail lines. */
package io.netmapper.cli.list;
