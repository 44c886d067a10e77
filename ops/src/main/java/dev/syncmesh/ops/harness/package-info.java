/** The multi-node harness: real node processes on loopback addresses, for chaos tests and benchmarks. */
package dev.syncmesh.ops.harness;
