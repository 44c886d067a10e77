/** What every package of the node shares: the serialization marker. */
package dev.syncmesh;
