/**
 * Pieces every netmapper component shares: anonymous usage telemetry ({@code telemetry}) and
 * reliable report delivery to the mapper ({@code deliver}).
 */
package io.netmapper.common;
