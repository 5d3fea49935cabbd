/**
 * Turns one HTTP request to AWS into IAM terms: service, region, access key id, actions and
 * resource ARNs ({@link io.netmapper.aws.recognize.AwsCall}). Pure functions of the request; no
 * I/O.
 */
package io.netmapper.aws.recognize;
