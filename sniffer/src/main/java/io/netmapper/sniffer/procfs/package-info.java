/**
 * Socket scan of a proc tree (the host's, mounted at {@code /hostproc} in the chart): one read of
 * {@code net/tcp} and {@code net/tcp6} per network namespace ({@link
 * io.netmapper.sniffer.procfs.NamespaceScanner}), socket inode to process through {@code fd/},
 * process to pod through {@code cgroup} ({@link io.netmapper.sniffer.procfs.CgroupPodResolver}).
 * The proc root is passed in, so tests use fixture trees.
 */
package io.netmapper.sniffer.procfs;
