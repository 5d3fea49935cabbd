/** {@code netmapper_kafkawatcher_*} metrics (Micrometer, Prometheus text). */
package io.netmapper.kafkawatcher.metrics;
