/** The mesh's view of its cluster: members, and which member hosts each active peer. */
package dev.syncmesh.cluster;
