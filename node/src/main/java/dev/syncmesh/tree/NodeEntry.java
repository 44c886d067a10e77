package dev.syncmesh.tree;

import dev.syncmesh.protocol.model.Hash;

/**
 * One entry of a node, keyed by the key's text. In a leaf, {@code hash} is a record's value and
 * {@code count} is 1; in an internal node, {@code key} is the last key of a child chunk, {@code
 * hash} the child and {@code count} the number of records below it.
 */
record NodeEntry(String key, Hash hash, long count) {}
