package io.netmapper.mapper.store;

/** What kind of access an edge records. */
public enum IntentType {
  TCP,
  HTTP,
  KAFKA,
  INTERNET,
  AWS
}
