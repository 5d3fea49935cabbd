/**
 * Sidecar stats pages over plain HTTP: deadline per exchange, capped body, failures as reason
 * labels.
 */
package io.netmapper.istiowatcher.scrape;
