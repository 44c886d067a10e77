/** Benchmarks: {@code syncmesh bench <scenario>}, each printing one JSON line per measurement. */
package dev.syncmesh.ops.bench;
