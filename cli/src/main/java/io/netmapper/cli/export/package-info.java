/**
 * {@code netmapper export}: the ClientIntents model (v2beta1 and v1alpha3 records), the builder
 * that maps edges to targets (kubernetes, service, kafka, internet, aws) and the YAML/JSON writer.
 * Every document it writes validates against the ClientIntents CRD (tests check it against the real
 * schema).
 */
package io.netmapper.cli.export;
