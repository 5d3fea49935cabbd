/** Per-interval aggregation shared by the reporters (first/last seen and a count per key). */
package io.netmapper.common.collect;
