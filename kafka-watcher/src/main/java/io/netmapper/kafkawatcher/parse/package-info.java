/**
 * The {@code kafka.authorizer.logger} line format of the KRaft {@code StandardAuthorizer} and the
 * older {@code AclAuthorizer}: a fast, allocation-light scanner with no dependency on the log4j
 * prefix.
 */
package io.netmapper.kafkawatcher.parse;
