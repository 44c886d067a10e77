/** The content-addressed object store contract: immutable blobs, tree nodes and commits keyed by hash. */
package dev.syncmesh.protocol.store;
