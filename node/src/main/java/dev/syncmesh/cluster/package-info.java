/** The mesh's view of its cluster: members, which member hosts each active peer, sessions in flight. */
package dev.syncmesh.cluster;
