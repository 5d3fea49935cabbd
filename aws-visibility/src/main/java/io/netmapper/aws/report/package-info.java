/**
 * Recognised calls, aggregated per interval and delivered to the mapper as AWS operation reports.
 */
package io.netmapper.aws.report;
