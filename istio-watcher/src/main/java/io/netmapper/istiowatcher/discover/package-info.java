/** Pods with an Istio sidecar, from an informer (the only fabric8 user of the module). */
package io.netmapper.istiowatcher.discover;
