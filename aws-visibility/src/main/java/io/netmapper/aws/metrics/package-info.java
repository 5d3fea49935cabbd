/** Metrics of the reporting side (the parts register theirs on the same registry). */
package io.netmapper.aws.metrics;
