/**
 * Identity resolution: turns observations (addresses, names, pod UIDs) into edges between
 * workloads, the API server and the Internet. See DESIGN.md beside this package.
 */
package io.netmapper.mapper.resolve;
