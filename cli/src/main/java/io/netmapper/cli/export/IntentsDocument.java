package io.netmapper.cli.export;

/** One exported ClientIntents object, of either version. */
interface IntentsDocument {
  Metadata metadata();
}
