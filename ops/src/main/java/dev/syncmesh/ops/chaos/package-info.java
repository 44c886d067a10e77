/** Fault drills on real node processes, shared by the chaos tests and the failover benchmark. */
package dev.syncmesh.ops.chaos;
