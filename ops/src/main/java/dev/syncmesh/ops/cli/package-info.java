/**
 * The client of a node's mesh API: one picocli command per API call, a shared {@link
 * dev.syncmesh.ops.cli.ApiClient} for HTTP, auth and error mapping, and {@link
 * dev.syncmesh.ops.cli.Output} for human and JSON output.
 */
package dev.syncmesh.ops.cli;
