/** The mapper's single port: gRPC, JSON over HTTP, metrics and health (Armeria). */
package io.netmapper.mapper.server;
