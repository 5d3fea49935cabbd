/** Health and metrics endpoints shared by the reporters. */
package io.netmapper.common.health;
