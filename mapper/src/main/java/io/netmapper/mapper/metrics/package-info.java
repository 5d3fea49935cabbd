/** The mapper's Micrometer metrics ({@code netmapper_mapper_*}). */
package io.netmapper.mapper.metrics;
