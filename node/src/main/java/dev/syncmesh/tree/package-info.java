/** Snapshots as history-independent Merkle trees (key-chunked prolly trees). */
package dev.syncmesh.tree;
