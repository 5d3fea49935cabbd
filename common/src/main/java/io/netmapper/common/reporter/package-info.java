/**
 * The skeleton every reporter (watchers, agents) is built on: the flags they all take ({@link
 * io.netmapper.common.reporter.ReporterFlags}, {@link
 * io.netmapper.common.reporter.AggregationFlags}), the settings those flags make ({@link
 * io.netmapper.common.reporter.ReporterSettings}) and the runtime that owns the health server,
 * delivery, the scheduled flush and the ordered close ({@link
 * io.netmapper.common.reporter.ReporterRuntime}). See docs/dev/building.md, "Reporter skeleton".
 */
package io.netmapper.common.reporter;
