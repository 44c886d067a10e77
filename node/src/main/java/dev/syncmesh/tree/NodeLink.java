package dev.syncmesh.tree;

import dev.syncmesh.protocol.model.Hash;

/**
 * One entry of a node as other packages see it: in a leaf a record key and the hash of its value
 * blob ({@code count} 1); in an internal node the last key below a child, the child's hash and the
 * number of records below it.
 */
public record NodeLink(String key, Hash target, long count) {}
