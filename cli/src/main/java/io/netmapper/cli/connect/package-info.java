/**
 * Reaching the mapper: {@code --mapper-url} directly, or kubeconfig → mapper Service → ready pod →
 * fabric8 port-forward; the gRPC {@link io.netmapper.cli.connect.MapperClient} with failures turned
 * into actionable messages; and {@link io.netmapper.cli.connect.IntentConverter}, the only reader
 * of protobuf messages. The only package that uses fabric8 or gRPC.
 */
package io.netmapper.cli.connect;
